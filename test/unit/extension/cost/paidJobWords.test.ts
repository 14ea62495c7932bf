import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { estimateCost } from '../../../../src/core/pricing';
import { paidJobWords, type JobPrice } from '../../../../src/extension/cost/paidJobWords';

/** English, with the placeholders filled in, as vscode.l10n.t does without a bundle. */
const t = (message: string, ...args: Array<string | number>): string =>
  message.replace(/\{(\d+)\}/g, (_, index: string) => String(args[Number(index)]));

const sora: JobPrice = {
  estimate: estimateCost({ provider: 'openai-videos', model: 'sora-2', size: '1280x720', seconds: 8 }),
  seconds: 8,
  model: 'sora-2',
};
const unpriced: JobPrice = { estimate: undefined, seconds: 5, model: 'my-model' };

describe('paid-job confirmations: one wording', () => {
  it('start: the estimate and the threshold, or that no price is known', () => {
    assert.ok(sora.estimate, 'the catalog prices sora-2');
    const one = paidJobWords({ kind: 'start', label: 'OpenAI', count: 1, price: sora, thresholdUsd: 0.5 }, t);
    assert.equal(one.title, 'Start a paid job with OpenAI?');
    assert.match(
      one.detail,
      /^Estimated cost: 8 s × sora-2 ≈ \$\d+\.\d\d\. You are asked because it is above \$0\.50 /,
    );
    assert.equal(one.button, 'Start');
    const many = paidJobWords({ kind: 'start', label: 'OpenAI', count: 3, price: unpriced, thresholdUsd: 1 }, t);
    assert.equal(many.title, 'Start 3 paid jobs with OpenAI?');
    assert.match(many.detail, /No price is known for my-model, so the total of these 3 jobs cannot be estimated/);
  });

  it('run again and remix: a new job that the provider bills, with its cost', () => {
    const again = paidJobWords({ kind: 'run-again', label: 'OpenAI', name: 'cat.png', price: sora }, t);
    assert.equal(again.title, 'Run cat.png again with OpenAI?');
    assert.match(again.detail, /^This submits a new job, which OpenAI bills: 8 s × sora-2 ≈ \$/);
    assert.equal(again.button, 'Run Again');
    const remix = paidJobWords({ kind: 'remix', label: 'OpenAI', name: 'cat.mp4', price: unpriced }, t);
    assert.equal(remix.title, 'Remix cat.mp4 with OpenAI?');
    assert.match(
      remix.detail,
      /bills: no price known for this model; check the provider’s pricing\. .*beside cat\.mp4/,
    );
    assert.equal(remix.button, 'Remix');
  });

  it('retry: "again" only when the failed try was billed', () => {
    const words = (billed: 'yes' | 'no' | 'maybe') => paidJobWords({ kind: 'retry', label: 'Runway', billed }, t);
    assert.equal(words('yes').title, 'Retry with Runway?');
    assert.match(words('yes').detail, /bills again/);
    assert.match(words('maybe').detail, /may be billed/);
    assert.match(words('no').detail, /^Nothing was billed for this try/);
    assert.equal(words('no').button, 'Retry');
  });

  it('retry failed: counts what was billed across the batch', () => {
    const words = (yes: number, maybe: number, no: number) =>
      paidJobWords({ kind: 'retry-failed', label: 'Runway', billed: { yes, maybe, no } }, t);
    assert.equal(words(1, 1, 1).title, 'Retry 3 failed images with Runway?');
    assert.match(words(2, 0, 0).detail, /^Each retry submits a new job, which Runway bills again/);
    assert.match(words(0, 0, 2).detail, /^Nothing was billed for these tries/);
    assert.match(words(1, 1, 1).detail, /^1 of these jobs were accepted \(and billed\) by Runway and 1 may have been/);
    assert.match(
      words(1, 0, 1).detail,
      /^1 of these jobs were accepted \(and billed\) by Runway; the others never were/,
    );
  });

  it('is the only place the extension words a paid-job confirmation', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const elsewhere = files('src/extension').filter(
      (file) =>
        !file.endsWith('paidJobWords.ts') &&
        /t\(\s*['"][^'"]*(\bbills\b|paid jobs? with|no price known for this model)/.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(elsewhere, []);
  });
});
