/**
 * `animate-image check --provider X` for every provider added for #14, each against its strict fake: the right key
 * passes (exit 0), a wrong one is reported (exit 1) without being printed, and the fake sees only reads — a check
 * never creates anything billable.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ConnectionCheck } from '../../../src/core/providers/provider';
import { startArkFake } from '../../fakes/arkServer';
import { startComfyFake } from '../../fakes/comfyuiServer';
import { startFalFake } from '../../fakes/falServer';
import { startKlingFake } from '../../fakes/klingServer';
import { startMiniMaxFake } from '../../fakes/minimaxServer';
import { startOpenRouterFake } from '../../fakes/openrouterServer';
import { folderWithImage, runCli as run } from '../../helpers/cli';

interface Fake {
  readonly url: string;
  readonly requests: readonly { readonly method: string }[];
  close(): Promise<void>;
}

interface Case {
  readonly provider: string;
  readonly start: () => Promise<Fake>;
  /** The environment holding the fake's own key; undefined for a provider without one. */
  readonly goodEnv: (fake: Fake) => Record<string, string>;
  readonly badEnv?: Record<string, string>;
}

const cases: readonly Case[] = [
  {
    provider: 'fal',
    start: () => startFalFake(),
    goodEnv: () => ({ FAL_KEY: 'fal-fake-key-0123456789:abcdef' }),
    badEnv: { FAL_KEY: 'fal-wrong-key-000000:000000' },
  },
  {
    provider: 'openrouter',
    start: () => startOpenRouterFake(),
    goodEnv: () => ({ OPENROUTER_API_KEY: 'sk-or-v1-fake0123456789abcdef' }),
    badEnv: { OPENROUTER_API_KEY: 'sk-or-v1-wrong000000000000' },
  },
  {
    provider: 'kling',
    start: () => startKlingFake(),
    goodEnv: () => ({ KLING_ACCESS_KEY: 'AKfake0123456789', KLING_SECRET_KEY: 'SKfake0123456789abcdef' }),
    badEnv: { KLING_ACCESS_KEY: 'AKfake0123456789', KLING_SECRET_KEY: 'SKwrong000000000000000' },
  },
  {
    provider: 'minimax',
    start: () => startMiniMaxFake(),
    goodEnv: () => ({ MINIMAX_API_KEY: 'sk-api-minimax-fake-0123456789' }),
    badEnv: { MINIMAX_API_KEY: 'sk-api-minimax-wrong-00000000' },
  },
  {
    provider: 'ark',
    start: () => startArkFake(),
    goodEnv: () => ({ ARK_API_KEY: 'ark-fake-0123456789abcdef' }),
    badEnv: { ARK_API_KEY: 'ark-wrong-000000000000000' },
  },
  { provider: 'comfyui', start: () => startComfyFake(), goodEnv: () => ({}) },
];

describe('CLI check for each new provider', () => {
  const fakes: Fake[] = [];
  after(async () => {
    for (const fake of fakes) await fake.close();
  });

  for (const c of cases) {
    it(`${c.provider}: passes with its key, reports a wrong key (where it takes one), and only reads reach the fake`, async () => {
      const fake = await c.start();
      fakes.push(fake);
      const dir = await folderWithImage();
      const good = await run(['check', '--provider', c.provider, '--base-url', fake.url, '--json'], {
        cwd: dir,
        env: c.goodEnv(fake),
      });
      const report = JSON.parse(good.stdout.trim()) as ConnectionCheck;
      assert.equal(good.code, 0, good.stdout + good.stderr);
      assert.equal(report.provider, c.provider);
      assert.equal(report.ok, true, good.stdout);
      if (c.badEnv) {
        const bad = await run(['check', '--provider', c.provider, '--base-url', fake.url, '--json'], {
          cwd: dir,
          env: c.badEnv,
        });
        assert.equal(bad.code, 1, bad.stdout + bad.stderr);
        const badReport = JSON.parse(bad.stdout.trim()) as ConnectionCheck;
        assert.equal(badReport.keyAccepted, false, bad.stdout);
        for (const secret of Object.values(c.badEnv))
          assert.ok(!(bad.stdout + bad.stderr).includes(secret), 'the key is never shown');
      }
      assert.ok(fake.requests.length > 0, 'the check asked the fake');
      assert.deepEqual([...new Set(fake.requests.map((r) => r.method))], ['GET'], 'a check only reads');
    });
  }
});
