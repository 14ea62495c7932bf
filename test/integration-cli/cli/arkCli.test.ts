import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startArkFake, type ArkFake } from '../../fakes/arkServer';
import { generatedVideoBytes } from '../../fakes/video';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const KEY = 'ark-cli-SECRET-0123456789abcdef';

describe('animate-image CLI with --provider ark', () => {
  let fake: ArkFake;
  before(async () => {
    fake = await startArkFake({ apiKey: KEY });
  });
  after(() => fake.close());

  it('drives Seedance end to end against the fake given by --base-url', async () => {
    const dir = await folderWithImage('lake.png');
    const result = await run(
      [
        '--provider',
        'ark',
        '--base-url',
        fake.url,
        '--image',
        'lake.png',
        '--prompt',
        'mist',
        '--poll-interval',
        '0.05',
      ],
      { cwd: dir, env: { ARK_API_KEY: KEY } },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await readFile(join(dir, 'lake.mp4')), generatedVideoBytes(50_000));
    assert.ok(!result.stderr.includes(KEY));
    assert.equal(
      (fake.requestsTo('create').at(-1)?.json as { model?: string } | undefined)?.model,
      'dreamina-seedance-2-0-260128',
    );
  });

  it('reads the base URL from ARK_BASE_URL', async () => {
    const dir = await folderWithImage('lake.png');
    const result = await run(
      [
        '--provider',
        'ark',
        '--model',
        'seedance-1-0-pro-250528',
        '--image',
        'lake.png',
        '--size',
        '1920x1080',
        '--poll-interval',
        '0.05',
      ],
      {
        cwd: dir,
        env: { ARK_API_KEY: KEY, ARK_BASE_URL: fake.url },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal((fake.requestsTo('create').at(-1)?.json as { resolution?: string } | undefined)?.resolution, '1080p');
  });
});
