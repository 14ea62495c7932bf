/**
 * Custom models in the CLI: a JSON file (--custom-models, or ANIMATE_IMAGE_CUSTOM_MODELS) adds a model the catalog
 * does not know, with its own sizes and durations; it runs end to end against a fake and shows in `providers`.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportedProvider } from '../../../src/core/providers/catalog';
import { generatedVideoBytes, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const KEY = 'sk-custom-model-test-0123456789';
const CUSTOM = 'acme/motion-i2v-v3';

describe('CLI custom models', () => {
  let fake: OpenAiVideosFake;
  before(async () => {
    // A server that serves only the custom model, at a size and duration no catalog model of the provider has.
    fake = await startOpenAiVideosFake({
      apiKey: KEY,
      video: { bytes: 30_000 },
      runningSteps: 1,
      servedModels: { [CUSTOM]: { sizes: ['960x544'], seconds: ['3'] } },
    });
  });
  after(() => fake.close());

  const customFile = async (dir: string, entries: unknown) => {
    await writeFile(join(dir, 'models.json'), JSON.stringify(entries));
    return 'models.json';
  };

  it('runs a model the catalog does not know against the server, with the sizes and seconds from the file', async () => {
    const dir = await folderWithImage();
    const file = await customFile(dir, [
      { provider: 'openai-videos', id: CUSTOM, sizes: ['960x544'], seconds: [3], extras: ['seed'] },
    ]);
    const args = [
      '--provider',
      'openai-videos',
      '--base-url',
      fake.url,
      '--model',
      CUSTOM,
      '--image',
      'photo.png',
      '--prompt',
      'a slow pan',
      '--poll-interval',
      '0.05',
      '--seed',
      '9',
    ];
    const without = await run(args, { cwd: dir, env: { OPENAI_API_KEY: KEY } });
    // Without the file the id is sent with the catalog model's defaults (1280x720, 5 s), which this server refuses.
    assert.equal(without.code, 2, without.stderr);
    assert.match(without.stderr, /rejected the request \(400\): Invalid value: '5'\. Supported values are: '3'/);
    const result = await run([...args, '--custom-models', file], { cwd: dir, env: { OPENAI_API_KEY: KEY } });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await readFile(join(dir, 'photo.mp4')), generatedVideoBytes(30_000));
    const create = fake.requestsTo('create', 'POST').at(-1);
    assert.ok(create?.body.kind === 'multipart');
    assert.deepEqual(
      [create.body.fields.model, create.body.fields.size, create.body.fields.seconds, create.body.fields.seed],
      [CUSTOM, '960x544', '3', '9'],
    );
  });

  it('reads the file named by ANIMATE_IMAGE_CUSTOM_MODELS, and lists its models as custom in providers --json', async () => {
    const dir = await folderWithImage();
    const file = await customFile(dir, [
      {
        provider: 'runway',
        id: 'gen5_preview',
        sizes: ['1280x720'],
        seconds: [5, 10],
        lastFrame: true,
        extras: ['seed'],
      },
    ]);
    const listed = await run(['providers', '--json'], { cwd: dir, env: { ANIMATE_IMAGE_CUSTOM_MODELS: file } });
    assert.equal(listed.code, 0, listed.stderr);
    const runway = (JSON.parse(listed.stdout) as ExportedProvider[]).find((p) => p.id === 'runway');
    const model = runway?.models.find((m) => m.id === 'gen5_preview');
    assert.deepEqual(
      model && [model.custom, model.lifecycle, model.sizes, model.seconds, model.lastFrame, model.extras],
      [true, 'live', ['1280x720'], [5, 10], true, ['seed']],
    );
    const plain = await run(['providers'], { cwd: dir, env: { ANIMATE_IMAGE_CUSTOM_MODELS: file } });
    assert.match(
      plain.stdout,
      /^ {2}gen5_preview {2}live, custom: sizes 1280x720; seconds 5, 10; last frame yes; extras seed$/m,
    );
    const flagWins = await run(['providers', '--json', '--custom-models', await customFile(dir, [])], {
      cwd: dir,
      env: { ANIMATE_IMAGE_CUSTOM_MODELS: 'missing.json' },
    });
    assert.equal(flagWins.code, 0, flagWins.stderr);
  });

  it('says which entry of the file is wrong, and what', async () => {
    const dir = await folderWithImage();
    const bad = await customFile(dir, [
      { provider: 'openai-videos', id: 'ok-model', sizes: ['1280x720'], seconds: [4] },
      { provider: 'dashscope', id: 'wan-next', sizes: ['1280x720'], seconds: ['five'] },
    ]);
    const result = await run(['providers', '--custom-models', bad], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^animate-image: --custom-models models\.json: entry 2 \("wan-next"\): seconds\.0: /m);
    const local = await run(
      [
        'providers',
        '--custom-models',
        await customFile(dir, [{ provider: 'local', id: 'x', sizes: ['1280x720'], seconds: [4] }]),
      ],
      { cwd: dir },
    );
    assert.equal(local.code, 2);
    assert.match(local.stderr, /entry 1 \("x"\): provider: /);
    const missing = await run(['providers'], { cwd: dir, env: { ANIMATE_IMAGE_CUSTOM_MODELS: 'nope.json' } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /ANIMATE_IMAGE_CUSTOM_MODELS=nope\.json: no such file\./);
    await writeFile(join(dir, 'broken.json'), '[{');
    const broken = await run(['providers', '--custom-models', 'broken.json'], { cwd: dir });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /--custom-models broken\.json: not valid JSON/);
    const notArray = await run(['providers', '--custom-models', await customFile(dir, { provider: 'runway' })], {
      cwd: dir,
    });
    assert.equal(notArray.code, 2);
    assert.match(notArray.stderr, /expected an array of models/);
  });
});
