// The fal provider end to end through the built CLI (dist/cli.js) against the strict fake: a process per run.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startFalFake } from '../../fakes/falServer';
import { generatedVideoBytes } from '../../fakes/video';
import { solidImage } from '../../helpers/images';
import { keyedHarness } from '../../helpers/providerHarness';
import { runCli } from '../../helpers/cli';

const KEY = 'fal-SECRET-key-0123456789:abcdef0123';
const { withFake } = keyedHarness(KEY, startFalFake);
const VEO = 'fal-ai/veo3.1/image-to-video';
const LTX = 'fal-ai/ltx-2/image-to-video';

describe('fal through the CLI', () => {
  it('animate-image --provider fal --base-url <fake> makes the MP4 with FAL_KEY from the environment', async () => {
    await withFake({ queueAhead: 1 }, async ({ fake }) => {
      const dir = await mkdtemp(join(tmpdir(), 'fal-cli-'));
      await writeFile(join(dir, 'photo.png'), await solidImage(640, 360, { background: '#446688' }));
      const args = [
        '--provider',
        'fal',
        '--base-url',
        fake.url,
        '--model',
        VEO,
        '--size',
        '1280x720',
        '--n-seconds',
        '6',
        '--poll-interval',
        '0.05',
        '--image',
        'photo.png',
        '--prompt',
        'slow zoom',
      ];
      const result = await runCli(args, { cwd: dir, env: { FAL_KEY: KEY } });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await readFile(join(dir, 'photo.mp4')), generatedVideoBytes(50_000));
      assert.equal((fake.requestsTo('submit')[0]?.json as { duration?: string } | undefined)?.duration, '6s');
      assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));
    });
  });
});

describe('fal base URL from the environment', () => {
  it('the CLI takes FAL_BASE_URL when --base-url is not given', async () => {
    await withFake({}, async ({ fake }) => {
      const dir = await mkdtemp(join(tmpdir(), 'fal-env-'));
      await writeFile(join(dir, 'still.png'), await solidImage(640, 360, { background: '#335577' }));
      const result = await runCli(
        [
          '--provider',
          'fal',
          '--model',
          LTX,
          '--n-seconds',
          '6',
          '--size',
          '1920x1080',
          '--poll-interval',
          '0.05',
          '--image',
          'still.png',
          '--prompt',
          'drift',
        ],
        { cwd: dir, env: { FAL_KEY: KEY, FAL_BASE_URL: fake.url } },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await readFile(join(dir, 'still.mp4')), generatedVideoBytes(50_000));
      assert.equal(fake.requestsTo('submit').length, 1);
    });
  });
});
