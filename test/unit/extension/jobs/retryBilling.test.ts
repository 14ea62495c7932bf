import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { AnimateError } from '../../../../src/core/errors';
import { startJob, type RunnerDeps } from '../../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../../src/core/output';
import { resolveRequest } from '../../../../src/core/request';
import { countBilled, triedJobBilled } from '../../../../src/extension/jobs/retryBilling';
import { ScriptedProvider, VirtualClock, type PollStep } from '../../../helpers/scriptedProvider';

/**
 * Runs one job through the real runner the way the extension's JobController does (`submitted` from the runner's
 * event) and returns what the Retry confirmation is worded from.
 */
async function failedTry(
  submitErrors: AnimateError[],
  polls: PollStep[] = [{ state: 'succeeded' }],
  prompt = 'slow zoom in',
): Promise<{ submitted: boolean; error: unknown }> {
  const dir = await mkdtemp(join(tmpdir(), 'retry-billing-'));
  const image = join(dir, 'cat.png');
  await sharp({ create: { width: 128, height: 96, channels: 3, background: '#3366cc' } })
    .png()
    .toFile(image);
  const provider = new ScriptedProvider(polls);
  provider.submitErrors.push(...submitErrors);
  const deps: RunnerDeps = {
    provider,
    store: new MemoryJobStore(),
    output: nodeOutputPort,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    clock: new VirtualClock(),
  };
  let submitted = false;
  try {
    const request = await resolveRequest({ image, prompt, provider: 'scripted' }, provider.info);
    await startJob(deps, request, {
      provenance: false,
      onEvent: (event) => (submitted ||= event.type === 'submitted'),
    });
  } catch (error) {
    return { submitted, error };
  }
  throw new Error('the job was expected to fail');
}

describe('Retry wording: does the failed try bill?', () => {
  it('a 429 on create that never let the job in: nothing was billed', async () => {
    const tries = Array.from(
      { length: 6 },
      () => new AnimateError('rate-limit', 'slow down (429)', { status: 429, retryAfterMs: 1_000 }),
    );
    const end = await failedTry(tries);
    assert.equal(end.submitted, false);
    assert.equal(triedJobBilled(end.submitted, end.error), 'no');
  });

  it('a refused connection on create: nothing was billed', async () => {
    const refused = () => new AnimateError('network', 'connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED' });
    const end = await failedTry(Array.from({ length: 6 }, refused));
    assert.equal(triedJobBilled(end.submitted, end.error), 'no');
  });

  it('a prompt the provider refuses (400 on create): nothing was billed', async () => {
    const end = await failedTry([new AnimateError('bad-input', 'prompt rejected by moderation', { status: 400 })]);
    assert.equal(triedJobBilled(end.submitted, end.error), 'no');
  });

  it('a prompt refused before anything is sent: nothing was billed', async () => {
    const end = await failedTry([], undefined, 'x'.repeat(1000));
    assert.equal(triedJobBilled(end.submitted, end.error), 'no');
  });

  it('no answer to the create (it may exist): "may be billed", not "nothing was billed"', async () => {
    const end = await failedTry([
      new AnimateError('submit-unknown', 'the connection broke while the job was being sent'),
    ]);
    assert.equal(end.submitted, false);
    assert.equal(triedJobBilled(end.submitted, end.error), 'maybe');
  });

  it('a job that failed at the provider after it was accepted: a retry bills again', async () => {
    const end = await failedTry([], [{ state: 'failed', reason: 'content policy' }]);
    assert.equal(end.submitted, true);
    assert.equal(triedJobBilled(end.submitted, end.error), 'yes');
  });

  it('counts a batch by what each try cost', () => {
    const refused = new AnimateError('rate-limit', '429', { stage: 'submit' });
    const unknown = new AnimateError('submit-unknown', 'no answer', { stage: 'submit' });
    const failedAtProvider = new AnimateError('provider', 'failed', { stage: 'follow' });
    assert.deepEqual(
      countBilled([
        { submitted: false, error: refused },
        { submitted: false, error: unknown },
        { submitted: true, error: failedAtProvider },
        { submitted: true },
        { submitted: false, error: new Error('not from the runner') },
      ]),
      { yes: 2, maybe: 1, no: 2 },
    );
  });
});
