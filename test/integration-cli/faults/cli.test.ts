/**
 * The same faults through the built CLI (`dist/cli.js`) against the OpenAI Videos fake: exit codes, messages, and
 * the counts that matter (creates accepted, downloads, files next to the image), across separate processes.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { generatedVideoBytes, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { runCli } from '../../helpers/cli';

const key = 'faults-cli-key';
const videoBytes = 40_000;

async function folderWithImage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'faults-cli-'));
  await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#88aa44' } })
    .png()
    .toFile(join(dir, 'photo.png'));
  return dir;
}

describe('faults through the CLI', () => {
  let fake: OpenAiVideosFake;
  before(async () => {
    fake = await startOpenAiVideosFake({ apiKey: key, video: { bytes: videoBytes }, runningSteps: 2 });
  });
  after(() => fake.close());

  const animate = (cwd: string, extra: string[] = [], baseUrl = fake.url) =>
    runCli(
      [
        '--provider',
        'openai-videos',
        '--base-url',
        baseUrl,
        '--poll-interval',
        '0.05',
        '--size',
        '1280x720',
        '--prompt',
        'slow zoom in',
        '--image',
        'photo.png',
        ...extra,
      ],
      {
        cwd,
        env: { OPENAI_API_KEY: key },
      },
    );
  const creates = () => fake.requestsTo('create', 'POST').length;
  const accepted = () => fake.requestsTo('create', 'POST').filter((r) => r.status === 200).length;
  const downloads = () => fake.requestsTo('content', 'GET').length;
  const videos = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort();

  it('a rate limit on create that outlasts the retries exits 1 (never 2) with "try again in N s"', async () => {
    const dir = await folderWithImage();
    fake.clearFaults();
    const before = { creates: creates(), accepted: accepted() };
    fake.failNext('create', { kind: 'rate-limit', retryAfterMs: 50 }, 10);
    const result = await animate(dir);
    fake.clearFaults();
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /photo\.png: Could not submit the job \(4 attempts\): .*\(429\).*Nothing was created; try again in 1 s\./,
    );
    assert.equal(creates(), before.creates + 4);
    assert.equal(accepted(), before.accepted);
    assert.deepEqual(await videos(dir), []);
  });

  it('a 429 on create, then success: exit 0, one accepted create, one video', async () => {
    const dir = await folderWithImage();
    fake.clearFaults();
    const before = accepted();
    fake.failNext('create', { kind: 'rate-limit', retryAfterMs: 100 }, 1);
    const result = await animate(dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(accepted(), before + 1);
    assert.deepEqual(await readFile(join(dir, 'photo.mp4')), generatedVideoBytes(videoBytes));
  });

  it('--base-url http://127.0.0.1:1 says nothing was sent, never "may have been created"', async () => {
    const dir = await folderWithImage();
    const result = await animate(dir, [], 'http://127.0.0.1:1/v1');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /Nothing was sent, so no job was created/);
    assert.doesNotMatch(result.stderr, /may have been created/);
  });

  it('a state folder that is a file stops the job before any create', async () => {
    const dir = await folderWithImage();
    await writeFile(join(dir, 'state-file'), 'x');
    const before = creates();
    const result = await runCli(
      [
        '--provider',
        'openai-videos',
        '--base-url',
        fake.url,
        '--size',
        '1280x720',
        '--prompt',
        'zoom',
        '--image',
        'photo.png',
      ],
      {
        cwd: dir,
        env: { OPENAI_API_KEY: key, ANIMATE_IMAGE_STATE_DIR: join(dir, 'state-file') },
      },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /cannot be written .*nothing was submitted/);
    assert.equal(creates(), before);
  });

  it('a damaged jobs.json is kept aside with a warning and the job goes on', async () => {
    const dir = await folderWithImage();
    await mkdir(join(dir, '.state'));
    await writeFile(join(dir, '.state', 'jobs.json'), 'garbage{');
    const result = await animate(dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /was damaged: it is kept as .*jobs\.json\.corrupt-/);
    const state = await readdir(join(dir, '.state'));
    assert.equal(state.filter((n) => n.startsWith('jobs.json.corrupt-')).length, 1);
    assert.deepEqual(await videos(dir), ['photo.mp4']);
  });

  it('two resumes of one job in two processes: one download, photo.mp4 only (no photo-2.mp4)', async () => {
    const dir = await folderWithImage();
    fake.clearFaults();
    fake.options.pollsPerStep = 1000;
    const first = await animate(dir, ['--max-wait', '0.3']);
    assert.equal(first.code, 3, first.stderr);
    const id = /resume with: animate-image resume (\S+)/.exec(first.stderr)?.[1];
    assert.ok(id, first.stderr);
    fake.options.pollsPerStep = 4;
    const before = { downloads: downloads(), creates: creates() };
    const resume = () => runCli(['resume', id, '--poll-interval', '0.1'], { cwd: dir, env: { OPENAI_API_KEY: key } });
    const [a, b] = await Promise.all([resume(), resume()]);
    fake.options.pollsPerStep = 1;
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(downloads(), before.downloads + 1, 'one download');
    assert.equal(creates(), before.creates, 'no create');
    assert.deepEqual(await videos(dir), ['photo.mp4']);
    assert.match(a.stderr + b.stderr, /already being followed by process \d+ on .*; waiting for it/);
  });
});
