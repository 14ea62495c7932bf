// The OpenRouter provider end to end through the built CLI (dist/cli.js) against the strict fake: a process per run.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startOpenRouterFake } from '../../fakes/openrouterServer';
import { generatedVideoBytes } from '../../fakes/video';
import { solidImage } from '../../helpers/images';
import { keyedHarness } from '../../helpers/providerHarness';
import { runCli } from '../../helpers/cli';

const KEY = 'sk-or-v1-SECRET-0123456789abcdef';
const { withFake } = keyedHarness(KEY, startOpenRouterFake);

describe('openrouter through the CLI', () => {
  it('animate-image --provider openrouter --base-url <fake> makes the MP4 with OPENROUTER_API_KEY from the environment', async () => {
    await withFake({}, async ({ fake }) => {
      const dir = await mkdtemp(join(tmpdir(), 'openrouter-cli-'));
      await writeFile(join(dir, 'photo.png'), await solidImage(640, 360, { background: '#664488' }));
      const args = [
        '--provider',
        'openrouter',
        '--base-url',
        fake.url,
        '--size',
        '1920x1080',
        '--poll-interval',
        '0.05',
        '--image',
        'photo.png',
        '--prompt',
        'slow pan',
      ];
      const result = await runCli(args, { cwd: dir, env: { OPENROUTER_API_KEY: KEY } });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await readFile(join(dir, 'photo.mp4')), generatedVideoBytes(50_000));
      assert.equal((fake.requestsTo('create')[0]?.json as { size?: string } | undefined)?.size, '1920x1080');
      assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));
    });
  });
});

describe('openrouter base URL from the environment', () => {
  it('the CLI takes OPENROUTER_BASE_URL when --base-url is not given', async () => {
    await withFake({}, async ({ fake }) => {
      const dir = await mkdtemp(join(tmpdir(), 'openrouter-env-'));
      await writeFile(join(dir, 'still.png'), await solidImage(640, 360, { background: '#335577' }));
      const result = await runCli(
        [
          '--provider',
          'openrouter',
          '--size',
          '1280x720',
          '--poll-interval',
          '0.05',
          '--image',
          'still.png',
          '--prompt',
          'drift',
        ],
        { cwd: dir, env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.url } },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await readFile(join(dir, 'still.mp4')), generatedVideoBytes(50_000));
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });
});
