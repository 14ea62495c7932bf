/** `--dry-run` checks everything a run would and prints what would be sent, without a request or a file. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOpenAiVideosFake, SERVED_I2V_MODEL, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const KEY = 'sk-dry-run-test-0123456789';

describe('CLI --dry-run', () => {
  let fake: OpenAiVideosFake;
  before(async () => {
    fake = await startOpenAiVideosFake({ apiKey: KEY });
  });
  after(() => fake.close());

  it('prints provider, endpoint host, model, size, seconds, extras and cost, and sends nothing', async () => {
    const dir = await folderWithImage();
    const args = [
      '--provider',
      'openai-videos',
      '--base-url',
      fake.url,
      '--image',
      'photo.png',
      '--prompt',
      'pan right',
      '--size',
      '832x480',
      '--n-seconds',
      '8',
      '--seed',
      '7',
      '--negative-prompt',
      'text',
    ];
    const result = await run([...args, '--dry-run'], { cwd: dir, env: { OPENAI_API_KEY: KEY } });
    assert.equal(result.code, 0, result.stderr);
    const host = new URL(fake.url).host;
    assert.equal(
      result.stdout,
      [
        `photo.png: openai-videos (OpenAI-compatible video server) at ${host}`,
        `  model ${SERVED_I2V_MODEL}, 832x480, 8 s, fit crop`,
        '  prompt "pan right"',
        '  extras negativePrompt "text", seed 7',
        '  cost no price known',
        '',
      ].join('\n'),
    );
    assert.match(result.stderr, /dry run: nothing was sent/);
    const json = await run([...args, '--dry-run', '--json'], { cwd: dir, env: { OPENAI_API_KEY: KEY } });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      dryRun: true,
      image: join(dir, 'photo.png'),
      provider: 'openai-videos',
      endpoint: host,
      model: SERVED_I2V_MODEL,
      size: '832x480',
      seconds: 8,
      fit: 'crop',
      prompt: 'pan right',
      extras: { negativePrompt: 'text', seed: 7 },
      cost: 'no price known',
    });
    assert.equal(fake.requests.length, 0, 'no request reached the fake');
    assert.deepEqual(await readdir(dir), ['photo.png'], 'no video, sidecar, folder or job store');
  });

  it('estimates the cost (a custom model priced per second; the local renderer is free) for a batch', async () => {
    const dir = await folderWithImage();
    await writeFile(
      join(dir, 'models.json'),
      JSON.stringify([
        { provider: 'openai-videos', id: 'acme/i2v', sizes: ['1280x720'], seconds: [4, 6], pricePerSecondUsd: 0.05 },
      ]),
    );
    const paid = await run(
      [
        '--provider',
        'openai-videos',
        '--base-url',
        fake.url,
        '--custom-models',
        'models.json',
        '--model',
        'acme/i2v',
        '--n-seconds',
        '6',
        '--image',
        'photo.png',
        '--image',
        'photo.png',
        '--prompt',
        'x',
        '--dry-run',
        '--json',
      ],
      {
        cwd: dir,
        env: { OPENAI_API_KEY: KEY },
      },
    );
    assert.equal(paid.code, 0, paid.stderr);
    const plans = paid.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { costUsd: number; cost: string; model: string });
    assert.deepEqual(
      plans.map((p) => [p.model, p.costUsd, p.cost]),
      [
        ['acme/i2v', 0.3, '≈ $0.30'],
        ['acme/i2v', 0.3, '≈ $0.30'],
      ],
    );
    const local = await run(['--image', 'photo.png', '--dry-run', '--output', 'out/new/'], { cwd: dir });
    assert.equal(local.code, 0, local.stderr);
    assert.match(local.stdout, /^photo\.png: local \(Local camera move \(offline\)\) at this machine \(offline\)$/m);
    assert.match(local.stdout, /^ {2}cost free$/m);
    assert.ok(!existsSync(join(dir, 'out')), 'the output folder is not made');
    assert.equal(fake.requests.length, 0);
  });

  it('fails like the real run would: a refused request is exit 2 before anything is sent', async () => {
    const dir = await folderWithImage();
    const result = await run(
      ['--provider', 'openai-videos', '--base-url', fake.url, '--image', 'photo.png', '--model', 'sora-2', '--dry-run'],
      { cwd: dir, env: { OPENAI_API_KEY: KEY } },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /sora-2 was retired by the provider on 2026-09-24; new jobs cannot use it/);
    assert.equal(result.stdout, '');
  });
});
