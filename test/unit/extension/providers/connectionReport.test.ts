import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnimateError } from '../../../../src/core/errors';
import { createProvider, providerIds, providerInfo } from '../../../../src/core/providers/registry';
import type { ConnectionCheck, JobStatus, RemoteJob, VideoProvider } from '../../../../src/core/providers/provider';
import {
  checkConnections,
  configuredProviders,
  modelToCheck,
  outcomeLog,
  outcomeText,
  type CheckRequest,
  type CheckWords,
} from '../../../../src/extension/providers/connectionReport';
import { startFalFake } from '../../../fakes/falServer';
import { closedPort } from '../../../helpers/closedPort';
import { recordingLogger } from '../../../helpers/providerHarness';

const words: CheckWords = {
  reachable: 'reachable',
  notReachable: 'not reachable',
  keyAccepted: 'key accepted',
  keyNotAccepted: 'key NOT accepted',
  modelAvailable: 'model available',
  modelNotAvailable: 'model NOT available',
  notChecked: 'not checked: {0}',
  noFreeCheck: 'cannot be checked for free',
};

/** A provider whose `check` answers as scripted and whose every other method records a call (none may happen). */
class FakeProvider implements VideoProvider {
  readonly info;
  readonly calls: string[] = [];
  constructor(
    id: string,
    private readonly answer: ((model: string | undefined) => ConnectionCheck) | Error | undefined,
  ) {
    this.info = { ...providerInfo('fal'), id };
    if (answer === undefined) delete this.check;
  }
  async submit(): Promise<RemoteJob> {
    this.calls.push('submit');
    throw new Error('a check must never create a job');
  }
  async poll(): Promise<JobStatus> {
    this.calls.push('poll');
    throw new Error('not expected');
  }
  async download(): Promise<never> {
    this.calls.push('download');
    throw new Error('not expected');
  }
  check?: (model: string | undefined, signal: AbortSignal) => Promise<ConnectionCheck> = async (model) => {
    this.calls.push(`check ${model ?? '-'}`);
    if (this.answer instanceof Error) throw this.answer;
    if (!this.answer) throw new Error('unreachable');
    return this.answer(model);
  };
}

const request = (id: string, model?: string): CheckRequest => ({
  id,
  label: id.toUpperCase(),
  ...(model ? { model } : {}),
});

describe('Check provider connection', () => {
  it('checks every chosen provider with its model, reports each one, and never creates a job', async () => {
    const good = new FakeProvider('good', (model) => ({
      provider: 'good',
      model,
      endpoint: 'api.good/v1/models',
      reachable: true,
      keyAccepted: true,
      modelAvailable: true,
      ok: true,
    }));
    const badKey = new FakeProvider('badkey', () => ({
      provider: 'badkey',
      endpoint: 'api.bad/v1/models',
      reachable: true,
      keyAccepted: false,
      ok: false,
      problem: 'the key was refused (401): set a new one',
    }));
    const down = new FakeProvider('down', () => ({
      provider: 'down',
      endpoint: '127.0.0.1:9',
      reachable: false,
      ok: false,
      problem: 'connection refused',
    }));
    const noModel = new FakeProvider('nomodel', (model) => ({
      provider: 'nomodel',
      model,
      endpoint: 'x/models',
      reachable: true,
      keyAccepted: true,
      modelAvailable: false,
      ok: false,
      problem: `${model} is not offered to this key`,
    }));
    const throws = new FakeProvider(
      'throws',
      new AnimateError('bad-input', 'the base URL "ftp://x" is not an http(s) URL'),
    );
    const unchecked = new FakeProvider('nocheck', undefined);
    const providers = [good, badKey, down, noModel, throws, unchecked];
    const built: string[] = [];
    const outcomes = await checkConnections(
      [
        request('good', 'm1'),
        request('badkey'),
        request('down'),
        request('nomodel', 'm9'),
        request('throws'),
        request('nocheck'),
        request('nokey'),
      ],
      async (id) => {
        built.push(id);
        return providers.find((p) => p.info.id === id) ?? { problem: 'NOKEY has no API key.', keyProblem: true };
      },
      AbortSignal.timeout(5000),
      words,
    );
    assert.deepEqual(built, ['good', 'badkey', 'down', 'nomodel', 'throws', 'nocheck', 'nokey']);
    for (const provider of providers)
      assert.ok(!provider.calls.some((c) => c === 'submit' || c === 'poll' || c === 'download'), provider.info.id);
    assert.deepEqual(good.calls, ['check m1']);
    const texts = outcomes.map((o) => outcomeText(o, words));
    assert.deepEqual(texts, [
      { ok: true, title: 'GOOD (m1)', found: 'reachable · key accepted · model available', keyProblem: false },
      {
        ok: false,
        title: 'BADKEY',
        found: 'reachable · key NOT accepted',
        problem: 'the key was refused (401): set a new one',
        keyProblem: true,
      },
      { ok: false, title: 'DOWN', found: 'not reachable', problem: 'connection refused', keyProblem: false },
      {
        ok: false,
        title: 'NOMODEL (m9)',
        found: 'reachable · key accepted · model NOT available',
        problem: 'm9 is not offered to this key',
        keyProblem: false,
      },
      {
        ok: false,
        title: 'THROWS',
        found: 'not checked: the base URL "ftp://x" is not an http(s) URL',
        keyProblem: false,
      },
      { ok: false, title: 'NOCHECK', found: 'not checked: cannot be checked for free', keyProblem: false },
      { ok: false, title: 'NOKEY', found: 'not checked: NOKEY has no API key.', keyProblem: true },
    ]);
    assert.equal(
      outcomeLog(outcomes[0]!),
      'check OK: good/m1 at api.good/v1/models: reachable, key accepted, model available',
    );
    assert.equal(outcomeLog(outcomes[6]!), 'check NOT RUN: nokey: NOKEY has no API key.');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      checkConnections([request('a')], async () => ({ problem: 'x' }), controller.signal, words),
      { name: 'AbortError' },
    );
  });

  it('against a real provider and its strict fake: key accepted, key refused, server down — and nothing queued', async () => {
    const key = 'fal-SECRET-key-0123456789:abcdef0123';
    const fake = await startFalFake({ apiKey: key });
    const lines: string[] = [];
    try {
      const model = providerInfo('fal').models[0]?.id;
      const build = (apiKey: string, baseUrl: string) => async () =>
        createProvider('fal', { apiKey, baseUrl, log: recordingLogger(lines) });
      const [ok] = await checkConnections(
        [request('fal', model)],
        build(key, fake.url),
        AbortSignal.timeout(5000),
        words,
      );
      const [refused] = await checkConnections(
        [request('fal', model)],
        build('fal-wrong-abcdef0123456789', fake.url),
        AbortSignal.timeout(5000),
        words,
      );
      const [down] = await checkConnections(
        [request('fal', model)],
        build(key, `http://127.0.0.1:${await closedPort()}`),
        AbortSignal.timeout(5000),
        words,
      );
      assert.equal(outcomeText(ok!, words).found, 'reachable · key accepted');
      assert.equal(ok?.check?.ok, true);
      assert.equal(outcomeText(refused!, words).found, 'reachable · key NOT accepted');
      assert.equal(outcomeText(refused!, words).keyProblem, true);
      assert.equal(outcomeText(down!, words).found, 'not reachable');
      assert.equal(fake.requestsTo('submit').length, 0);
      for (const text of [ok, refused, down].map((o) => outcomeLog(o!)))
        assert.ok(!text.includes(key) && !text.includes('fal-wrong'), text);
    } finally {
      await fake.close();
    }
    for (const line of lines) assert.ok(!line.includes(key), line);
  });

  it('"all configured" = providers with a key, plus the default provider; the model is the default model or the first', () => {
    const infos = providerIds.map((id) => providerInfo(id));
    const chosen = configuredProviders(infos, (info) => info.id === 'fal' || info.id === 'kling', 'local').map(
      (info) => info.id,
    );
    assert.deepEqual(chosen.sort(), ['fal', 'kling', 'local']);
    const fal = providerInfo('fal');
    assert.equal(modelToCheck(fal, 'fal', 'fal-ai/custom/model'), 'fal-ai/custom/model');
    assert.equal(modelToCheck(fal, 'local', 'local-model'), fal.models[0]?.id);
  });
});
