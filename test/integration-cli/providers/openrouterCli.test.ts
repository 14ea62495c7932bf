// The OpenRouter provider end to end through the built CLI (dist/cli.js) against the strict fake: a process per run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOpenRouterFake } from '../../fakes/openrouterServer';
import { generatedVideoBytes } from '../../fakes/video';
import { keyedHarness } from '../../helpers/providerHarness';
import { animateWithProviderCli } from '../../helpers/cli';

const KEY = 'sk-or-v1-SECRET-0123456789abcdef';
const { withFake } = keyedHarness(KEY, startOpenRouterFake);

describe('openrouter through the CLI', () => {
  it('animate-image --provider openrouter --base-url <fake> makes the MP4 with OPENROUTER_API_KEY from the environment', async () => {
    await withFake({}, async ({ fake }) => {
      const result = await animateWithProviderCli({
        provider: 'openrouter',
        image: 'photo.png',
        background: '#664488',
        prompt: 'slow pan',
        flags: ['--base-url', fake.url, '--size', '1920x1080'],
        env: { OPENROUTER_API_KEY: KEY },
        video: generatedVideoBytes(50_000),
      });
      assert.equal((fake.requestsTo('create')[0]?.json as { size?: string } | undefined)?.size, '1920x1080');
      assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));
    });
  });
});

describe('openrouter base URL from the environment', () => {
  it('the CLI takes OPENROUTER_BASE_URL when --base-url is not given', async () => {
    await withFake({}, async ({ fake }) => {
      await animateWithProviderCli({
        provider: 'openrouter',
        image: 'still.png',
        background: '#335577',
        prompt: 'drift',
        flags: ['--size', '1280x720'],
        env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.url },
        video: generatedVideoBytes(50_000),
      });
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });
});
