// The fal provider end to end through the built CLI (dist/cli.js) against the strict fake: a process per run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFalFake } from '../../fakes/falServer';
import { generatedVideoBytes } from '../../fakes/video';
import { keyedHarness } from '../../helpers/providerHarness';
import { animateWithProviderCli } from '../../helpers/cli';

const KEY = 'fal-SECRET-key-0123456789:abcdef0123';
const { withFake } = keyedHarness(KEY, startFalFake);
const VEO = 'fal-ai/veo3.1/image-to-video';
const LTX = 'fal-ai/ltx-2/image-to-video';

describe('fal through the CLI', () => {
  it('animate-image --provider fal --base-url <fake> makes the MP4 with FAL_KEY from the environment', async () => {
    await withFake({ queueAhead: 1 }, async ({ fake }) => {
      const result = await animateWithProviderCli({
        provider: 'fal',
        image: 'photo.png',
        background: '#446688',
        prompt: 'slow zoom',
        flags: ['--base-url', fake.url, '--model', VEO, '--size', '1280x720', '--n-seconds', '6'],
        env: { FAL_KEY: KEY },
        video: generatedVideoBytes(50_000),
      });
      assert.equal((fake.requestsTo('submit')[0]?.json as { duration?: string } | undefined)?.duration, '6s');
      assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));
    });
  });
});

describe('fal base URL from the environment', () => {
  it('the CLI takes FAL_BASE_URL when --base-url is not given', async () => {
    await withFake({}, async ({ fake }) => {
      await animateWithProviderCli({
        provider: 'fal',
        image: 'still.png',
        background: '#335577',
        prompt: 'drift',
        flags: ['--model', LTX, '--n-seconds', '6', '--size', '1920x1080'],
        env: { FAL_KEY: KEY, FAL_BASE_URL: fake.url },
        video: generatedVideoBytes(50_000),
      });
      assert.equal(fake.requestsTo('submit').length, 1);
    });
  });
});
