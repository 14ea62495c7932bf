import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { generatedVideoBytes, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { runCli } from '../../helpers/cli';

const testKey = 'test-key-for-the-remix-fake-only';

const run = (args: string[], cwd: string, env: Record<string, string> = {}) => runCli(args, { cwd, env });

async function folderWithImage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-remix-'));
  await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#3366aa' } })
    .png()
    .toFile(join(dir, 'cat.png'));
  return dir;
}

interface Sidecar {
  provider: string;
  model: string;
  prompt: string;
  remoteJobId: string;
  sourceSha256: string;
  source: string;
  remixOf?: { video: string; remoteJobId: string };
}

const readSidecar = async (path: string): Promise<Sidecar> => JSON.parse(await readFile(path, 'utf8')) as Sidecar;

describe('animate-image remix', () => {
  let fake: OpenAiVideosFake;
  const videoBytes = 40_000;
  const dirs: string[] = [];
  before(async () => {
    fake = await startOpenAiVideosFake({ apiKey: testKey, video: { bytes: videoBytes }, runningSteps: 2 });
  });
  after(async () => {
    await fake.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const env = { OPENAI_API_KEY: testKey };
  const animate = (dir: string) =>
    run(
      [
        '--provider',
        'openai-videos',
        '--base-url',
        fake.url,
        '--poll-interval',
        '0.05',
        '--size',
        '1280x720',
        '--n-seconds',
        '8',
        '--image',
        'cat.png',
        '--prompt',
        'slow zoom in',
      ],
      dir,
      env,
    );

  it('remixes a finished video into cat-2.mp4 with its own sidecar, through POST /videos/{id}/remix', async () => {
    const dir = await folderWithImage();
    dirs.push(dir);
    const first = await animate(dir);
    assert.equal(first.code, 0, first.stderr);
    const original = await readSidecar(join(dir, 'cat.mp4.json'));
    const creates = fake.requestsTo('create', 'POST').length;

    // The base URL is not given again: the job store remembers where the original job ran.
    const result = await run(['remix', 'cat.mp4', '--prompt', 'make it snow', '--poll-interval', '0.05'], dir, env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /a new paid job/);
    assert.match(result.stderr, /saved .*cat-2\.mp4/);

    const remixCall = fake.requestsTo('remix', 'POST').at(-1);
    assert.ok(remixCall, 'the fake got a remix request');
    assert.equal(remixCall.path.includes(`/videos/${original.remoteJobId}/remix`), true, remixCall.path);
    assert.equal(fake.requestsTo('create', 'POST').length, creates, 'a remix is not a new image-to-video submit');

    assert.deepEqual(await readFile(join(dir, 'cat-2.mp4')), generatedVideoBytes(videoBytes));
    assert.deepEqual(
      await readFile(join(dir, 'cat.mp4')),
      generatedVideoBytes(videoBytes),
      'the source video is untouched',
    );
    const sidecar = await readSidecar(join(dir, 'cat-2.mp4.json'));
    assert.equal(sidecar.prompt, 'make it snow');
    assert.equal(sidecar.provider, 'openai-videos');
    assert.equal(sidecar.source, 'cat.png');
    assert.equal(sidecar.sourceSha256, original.sourceSha256);
    assert.deepEqual(sidecar.remixOf, { video: 'cat.mp4', remoteJobId: original.remoteJobId });
    assert.notEqual(sidecar.remoteJobId, original.remoteJobId);
    const job = fake.jobs.get(sidecar.remoteJobId);
    assert.equal(job?.remixedFrom, original.remoteJobId);

    // A remix of the remix counts on from cat.mp4 (cat-3.mp4), never overwriting and never cat-2-2.mp4.
    const again = await run(
      [
        'remix',
        join(dir, 'cat-2.mp4'),
        '--prompt',
        'and a red scarf',
        '--base-url',
        fake.url,
        '--poll-interval',
        '0.05',
        '--json',
      ],
      dir,
      env,
    );
    assert.equal(again.code, 0, again.stderr);
    const line = JSON.parse(again.stdout.trim()) as { status: string; output: string };
    assert.equal(line.status, 'succeeded');
    assert.equal(line.output, join(dir, 'cat-3.mp4'));
    assert.deepEqual((await readSidecar(join(dir, 'cat-3.mp4.json'))).remixOf, {
      video: 'cat-2.mp4',
      remoteJobId: sidecar.remoteJobId,
    });
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort(), [
      'cat-2.mp4',
      'cat-3.mp4',
      'cat.mp4',
    ]);
    assert.doesNotMatch(result.stderr + result.stdout + again.stderr + again.stdout, new RegExp(testKey));
  });

  it('refuses before sending anything: no prompt, no sidecar, a provider that cannot remix, a broken sidecar', async () => {
    const dir = await folderWithImage();
    dirs.push(dir);
    const remixes = fake.requestsTo('remix', 'POST').length;

    const noPrompt = await run(['remix', 'cat.mp4'], dir, env);
    assert.equal(noPrompt.code, 2);
    assert.match(noPrompt.stderr, /usage: animate-image remix <video\.mp4> --prompt/);

    const local = await run(
      ['--image', 'cat.png', '--n-seconds', '2', '--size', '854x480', '--prompt', 'pan left'],
      dir,
    );
    assert.equal(local.code, 0, local.stderr);
    const notRemixable = await run(['remix', 'cat.mp4', '--prompt', 'make it snow'], dir, env);
    assert.equal(notRemixable.code, 2, notRemixable.stderr);
    assert.match(notRemixable.stderr, /cannot remix/);

    await writeFile(join(dir, 'other.mp4'), generatedVideoBytes(1000));
    const noSidecar = await run(['remix', 'other.mp4', '--prompt', 'make it snow'], dir, env);
    assert.equal(noSidecar.code, 2);
    assert.match(noSidecar.stderr, /No other\.mp4\.json beside other\.mp4/);

    await writeFile(join(dir, 'other.mp4.json'), '{"version": 1, "provider": "openai-videos"}');
    const broken = await run(['remix', 'other.mp4', '--prompt', 'make it snow'], dir, env);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not an Animate Image sidecar/);

    const missing = await run(['remix', 'nope.mp4', '--prompt', 'make it snow'], dir, env);
    assert.equal(missing.code, 2);
    assert.equal(fake.requestsTo('remix', 'POST').length, remixes, 'nothing was sent');
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort(), ['cat.mp4', 'other.mp4']);
  });

  it('reports the provider refusing a remix (an expired or unknown video) with exit 1 and writes nothing', async () => {
    const dir = await folderWithImage();
    dirs.push(dir);
    const first = await animate(dir);
    assert.equal(first.code, 0, first.stderr);
    const sidecar = await readSidecar(join(dir, 'cat.mp4.json'));
    await writeFile(join(dir, 'cat.mp4.json'), JSON.stringify({ ...sidecar, remoteJobId: 'video_does_not_exist' }));
    const result = await run(['remix', 'cat.mp4', '--prompt', 'make it snow', '--base-url', fake.url], dir, env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /404|unknown|not found/i);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.mp4')),
      ['cat.mp4'],
    );
  });
});
