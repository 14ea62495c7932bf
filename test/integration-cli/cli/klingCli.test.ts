import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startKlingFake, type KlingFake } from '../../fakes/klingServer';
import { generatedVideoBytes } from '../../fakes/video';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const ACCESS = 'AK-cli-kling-0123456789';
const SECRET = 'SK-cli-kling-SECRET-0123456789';

describe('animate-image CLI with --provider kling', () => {
  let fake: KlingFake;
  before(async () => {
    fake = await startKlingFake({ accessKey: ACCESS, secretKey: SECRET });
  });
  after(() => fake.close());

  it('signs with KLING_ACCESS_KEY + KLING_SECRET_KEY and saves the MP4 from the fake given by --base-url', async () => {
    const dir = await folderWithImage('sea.png');
    const result = await run(
      [
        '--provider',
        'kling',
        '--base-url',
        fake.url,
        '--image',
        'sea.png',
        '--prompt',
        'waves',
        '--model',
        'kling-v2-1',
        '--size',
        '1280x720',
        '--poll-interval',
        '0.05',
      ],
      {
        cwd: dir,
        env: { KLING_ACCESS_KEY: ACCESS, KLING_SECRET_KEY: SECRET },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await readFile(join(dir, 'sea.mp4')), generatedVideoBytes(50_000));
    assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET));
    assert.equal(fake.requestsTo('create').at(-1)?.status, 200);
  });

  it('says which of the two keys is missing, before sending anything', async () => {
    const dir = await folderWithImage('sea.png');
    const before = fake.requests.length;
    const result = await run(
      ['--provider', 'kling', '--base-url', fake.url, '--image', 'sea.png', '--prompt', 'waves'],
      { cwd: dir, env: { KLING_ACCESS_KEY: ACCESS } },
    );
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Kling needs both keys: set KLING_SECRET_KEY too/);
    assert.equal(fake.requests.length, before);
  });

  it('reads the base URL from KLING_BASE_URL', async () => {
    const dir = await folderWithImage('sea.png');
    const result = await run(
      ['--provider', 'kling', '--image', 'sea.png', '--size', '1920x1080', '--poll-interval', '0.05'],
      {
        cwd: dir,
        env: { KLING_ACCESS_KEY: ACCESS, KLING_SECRET_KEY: SECRET, KLING_BASE_URL: fake.url },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal((fake.requestsTo('create').at(-1)?.json as { mode?: string } | undefined)?.mode, 'pro');
  });
});
