import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMiniMaxFake, type MiniMaxFake } from '../../fakes/minimaxServer';
import { generatedVideoBytes } from '../../fakes/video';
import { solidImage } from '../../helpers/images';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const KEY = 'sk-api-cli-minimax-SECRET-0123456789';

describe('animate-image CLI with --provider minimax', () => {
  let fake: MiniMaxFake;
  before(async () => {
    fake = await startMiniMaxFake({ apiKey: KEY });
  });
  after(() => fake.close());

  it('drives Hailuo end to end against the fake given by --base-url', async () => {
    const dir = await folderWithImage('dune.png');
    const result = await run(
      [
        '--provider',
        'minimax',
        '--base-url',
        fake.url,
        '--image',
        'dune.png',
        '--prompt',
        'wind',
        '--poll-interval',
        '0.05',
      ],
      {
        cwd: dir,
        env: { MINIMAX_API_KEY: KEY },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await readFile(join(dir, 'dune.mp4')), generatedVideoBytes(50_000));
    assert.ok(!result.stderr.includes(KEY));
    assert.equal(
      (fake.requestsTo('create').at(-1)?.json as { model?: string } | undefined)?.model,
      'MiniMax-Hailuo-2.3',
    );
  });

  it('drives MiniMax-H3 with a last frame, reading the base URL from MINIMAX_BASE_URL', async () => {
    const dir = await folderWithImage('dune.png');
    await writeFile(join(dir, 'end.png'), await solidImage(1600, 900, { background: '#224488' }));
    const result = await run(
      [
        '--provider',
        'minimax',
        '--model',
        'MiniMax-H3',
        '--image',
        'dune.png',
        '--last-frame',
        'end.png',
        '--prompt',
        'wind',
        '--size',
        '2560x1440',
        '--poll-interval',
        '0.05',
      ],
      {
        cwd: dir,
        env: { MINIMAX_API_KEY: KEY, MINIMAX_BASE_URL: fake.url },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await readFile(join(dir, 'dune.mp4')), generatedVideoBytes(50_000));
    const content = (fake.requestsTo('create-v2').at(-1)?.json as { content?: { role?: string }[] } | undefined)
      ?.content;
    assert.deepEqual(
      content?.map((c) => c.role),
      [undefined, 'first_frame', 'last_frame'],
    );
  });
});
