/**
 * `animate-image mcp` as an agent's client sees it: the built CLI spawned over stdio with the SDK's own client, the
 * offline provider for real, a paid one (fal) against its strict fake — counting the creates that reach it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fitModes } from '../../../src/core/request';
import { startFalFake, type FalFake } from '../../fakes/falServer';
import { generatedVideoBytes } from '../../fakes/video';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const cli = resolve('dist/cli.js');
const FAL_KEY = 'fal-mcp-test-0123456789:abcdef';
const hasFfprobe = spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0;

interface Session {
  readonly client: Client;
  readonly dir: string;
  readonly stderr: () => string;
}

/** The server in a fresh folder with only PATH, HOME, a state dir and `env`: nothing of this machine leaks in. */
async function connect(args: string[], env: Record<string, string> = {}): Promise<Session> {
  const dir = await folderWithImage();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', ...args],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, ANIMATE_IMAGE_STATE_DIR: join(dir, '.state'), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, dir, stderr: () => stderr };
}

function textOf(result: unknown): string {
  const { content } = result as CallToolResult;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

/** The JSON line the tools end their text with. */
function jsonOf<T>(result: unknown): T {
  return JSON.parse(textOf(result).split('\n').at(-1) ?? '') as T;
}

interface AnimateAnswer {
  results: Array<{ status: string; jobId?: string; output?: string; progress?: number }>;
  costUsd: number;
  budget: { limitUsd: number; spentUsd: number; remainingUsd: number };
}

async function assertMp4(path: string): Promise<void> {
  const bytes = await readFile(path);
  assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp', `${path} starts with an ftyp box`);
  if (!hasFfprobe) return;
  const probe = spawnSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', path],
    { encoding: 'utf8' },
  );
  assert.equal(probe.status, 0, probe.stderr);
  const stream = (JSON.parse(probe.stdout) as { streams: Array<{ codec_name: string; width: number; height: number }> })
    .streams[0];
  assert.deepEqual(stream, { codec_name: 'h264', width: 854, height: 480 });
}

describe('animate-image mcp', () => {
  let fal: FalFake;
  // Four status checks to COMPLETED, at least 2 s apart (the runner's quickest poll): longer than a 1 s max wait.
  before(async () => {
    fal = await startFalFake({ apiKey: FAL_KEY, queueAhead: 2, runningSteps: 1 });
  });
  after(() => fal.close());
  const falEnv = () => ({ FAL_KEY, FAL_BASE_URL: fal.url });

  it('lists its tools and animates an image with the offline provider, with progress notifications', async () => {
    const { client, dir, stderr } = await connect([]);
    try {
      const tools = await client.listTools();
      assert.deepEqual(tools.tools.map((t) => t.name).sort(), [
        'animate_image',
        'check_video_provider',
        'job_status',
        'list_video_models',
        'resume_job',
      ]);
      const animate = tools.tools.find((t) => t.name === 'animate_image');
      // The input schema comes from the core request schema: its checks reach the agent as JSON Schema.
      const props = animate?.inputSchema.properties as Record<
        string,
        { type?: string; enum?: string[]; maximum?: number }
      >;
      assert.deepEqual(props.fit?.enum, [...fitModes]);
      assert.equal(props.seed?.maximum, 2_147_483_647);
      assert.deepEqual(animate?.inputSchema.required, ['images']);

      const progress: string[] = [];
      const result = await client.callTool(
        {
          name: 'animate_image',
          arguments: { images: [join(dir, 'photo.png')], prompt: 'slow zoom in', size: '854x480', seconds: 2 },
        },
        undefined,
        { onprogress: (p) => progress.push(p.message ?? '') },
      );
      assert.equal(result.isError, false, textOf(result));
      const answer = jsonOf<AnimateAnswer>(result);
      assert.equal(answer.results[0]?.status, 'succeeded');
      assert.equal(answer.results[0]?.output, join(dir, 'photo.mp4'));
      assert.deepEqual(
        answer.budget,
        { limitUsd: 0, spentUsd: 0, remainingUsd: 0 },
        'the free provider spends nothing of a 0 budget',
      );
      await assertMp4(join(dir, 'photo.mp4'));
      assert.ok(
        progress.some((m) => m.startsWith('photo.png: submitted')),
        `progress: ${progress.join(' | ')}`,
      );

      // Never overwrites: a second call makes photo-2.mp4.
      const again = jsonOf<AnimateAnswer>(
        await client.callTool({
          name: 'animate_image',
          arguments: { images: ['photo.png'], size: '854x480', seconds: 2 },
        }),
      );
      assert.equal(again.results[0]?.output, join(dir, 'photo-2.mp4'));
      const status = jsonOf<{ state: string; output: string }>(
        await client.callTool({ name: 'job_status', arguments: { jobId: again.results[0]?.jobId } }),
      );
      assert.deepEqual([status.state, status.output], ['succeeded', join(dir, 'photo-2.mp4')]);

      // Bad input is a tool error the agent can act on, and leaves nothing behind.
      const missing = await client.callTool({
        name: 'animate_image',
        arguments: { images: ['nope.png'], output: 'new/' },
      });
      assert.equal(missing.isError, true);
      assert.equal(textOf(missing), 'images nope.png: no such file.');
      const invalid = await client.callTool({
        name: 'animate_image',
        arguments: { images: ['photo.png'], fit: 'stretch' },
      });
      assert.equal(invalid.isError, true);
      assert.match(textOf(invalid), /fit/);
      assert.deepEqual((await readdir(dir)).filter((name) => !name.startsWith('.')).sort(), [
        'photo-2.mp4',
        'photo-2.mp4.json',
        'photo.mp4',
        'photo.mp4.json',
        'photo.png',
      ]);
    } finally {
      await client.close();
    }
    assert.doesNotMatch(stderr(), /Error/);
  });

  it('refuses a paid call over the budget (the default 0), and a paid model with no known price under any budget, before anything reaches the provider', async () => {
    const models = join(await mkdtemp(join(tmpdir(), 'mcp-models-')), 'models.json');
    await writeFile(
      models,
      JSON.stringify([{ provider: 'fal', id: 'acme/unpriced-i2v', sizes: ['1280x720'], seconds: [5] }]),
    );
    const { client, dir } = await connect(['--custom-models', models], falEnv());
    try {
      const creates = fal.requestsTo('submit').length;
      const models = jsonOf<{ providers: Array<{ id: string }>; budget: { limitUsd: number } }>(
        await client.callTool({ name: 'list_video_models', arguments: {} }),
      );
      assert.deepEqual(
        models.providers.map((p) => p.id),
        ['local', 'fal'],
        'only the offline provider and the one with a key',
      );
      const result = await client.callTool({
        name: 'animate_image',
        arguments: { images: [join(dir, 'photo.png')], provider: 'fal', prompt: 'slow zoom' },
      });
      assert.equal(result.isError, true);
      assert.equal(
        textOf(result),
        'Refused: fal fal-ai/kling-video/v2.6/pro/image-to-video, 5 s at 1920x1080 would cost ≈ $0.70, over the budget: $0.00 left of the $0.00 budget. ' +
          'Raise it with the server’s --budget-usd, or use the free local provider.',
      );
      const unpriced = await client.callTool({
        name: 'animate_image',
        arguments: { images: [join(dir, 'photo.png')], provider: 'fal', model: 'acme/unpriced-i2v' },
      });
      assert.equal(unpriced.isError, true);
      assert.match(
        textOf(unpriced),
        /^Refused: fal \(acme\/unpriced-i2v\) has no known price, so its cost cannot be bounded under a budget \(\$0\.00 left of the \$0\.00 budget\)/,
      );
      assert.equal(fal.requestsTo('submit').length, creates, 'no create reached the provider');
    } finally {
      await client.close();
    }
  });

  it('with enough budget: one create; past the max wait it returns the job id, job_status and resume_job finish it with no second create; then the rest of the budget is too small', async () => {
    const { client, dir, stderr } = await connect(['--budget-usd', '1', '--verbose'], falEnv());
    try {
      const creates = fal.requestsTo('submit').length;
      const args = { images: [join(dir, 'photo.png')], provider: 'fal', prompt: 'slow zoom', maxWaitSeconds: 1 };
      const started = jsonOf<AnimateAnswer>(await client.callTool({ name: 'animate_image', arguments: args }));
      const jobId = started.results[0]?.jobId ?? '';
      assert.equal(started.results[0]?.status, 'running');
      assert.deepEqual([started.costUsd, started.budget.remainingUsd], [0.7, 0.3]);
      assert.equal(fal.requestsTo('submit').length, creates + 1);

      const status = jsonOf<{ state: string; followedByThisServer: boolean }>(
        await client.callTool({ name: 'job_status', arguments: { jobId } }),
      );
      assert.deepEqual([status.state, status.followedByThisServer], ['running', true]);

      const resumed = await client.callTool({ name: 'resume_job', arguments: { jobId, maxWaitSeconds: 60 } });
      assert.equal(resumed.isError, false, textOf(resumed));
      const done = jsonOf<{ status: string; output: string }>(resumed);
      assert.deepEqual([done.status, done.output], ['succeeded', join(dir, 'photo.mp4')]);
      assert.deepEqual(
        await readFile(done.output),
        generatedVideoBytes(50_000),
        'the video the provider made, saved whole',
      );
      assert.equal(fal.requestsTo('submit').length, creates + 1, 'resuming created nothing');

      const over = await client.callTool({ name: 'animate_image', arguments: { ...args, maxWaitSeconds: 50 } });
      assert.equal(over.isError, true);
      assert.match(textOf(over), /would cost ≈ \$0\.70, over the budget: \$0\.30 left of the \$1\.00 budget/);
      assert.equal(fal.requestsTo('submit').length, creates + 1);
      assert.ok(!textOf(resumed).includes(FAL_KEY));
    } finally {
      await client.close();
    }
    assert.match(
      stderr(),
      /MCP server on stdio; budget \$1\.00/,
      'logs go to stderr, never into the protocol on stdout',
    );
    assert.ok(!stderr().includes(FAL_KEY), 'the key is never logged');
  });
});

/** Waits until `done()` holds (checked every 50 ms), failing after `ms`. */
async function until(done: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) assert.fail('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('animate-image mcp: stopping', () => {
  let fal: FalFake;
  before(async () => {
    fal = await startFalFake({ apiKey: FAL_KEY, queueAhead: 2, runningSteps: 1 });
  });
  after(() => fal.close());

  it('a call the client cancels stops waiting, not the job: resume_job saves its one video, with no second create', async () => {
    const { client, dir } = await connect(['--budget-usd', '1'], { FAL_KEY, FAL_BASE_URL: fal.url });
    try {
      const creates = fal.requestsTo('submit').length;
      const controller = new AbortController();
      const args = { images: [join(dir, 'photo.png')], provider: 'fal', prompt: 'slow zoom', maxWaitSeconds: 50 };
      const call = client.callTool({ name: 'animate_image', arguments: args }, undefined, {
        signal: controller.signal,
      });
      await until(() => fal.requestsTo('submit').length === creates + 1);
      controller.abort();
      await assert.rejects(call);

      const listed = await run(['jobs', '--json'], { cwd: dir });
      const [job] = listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; state: string; provider: string });
      assert.deepEqual([job?.provider, job?.state], ['fal', 'running'], 'recorded and still running after the cancel');
      const status = jsonOf<{ followedByThisServer: boolean }>(
        await client.callTool({ name: 'job_status', arguments: { jobId: job?.id ?? '' } }),
      );
      assert.equal(status.followedByThisServer, true, 'the server goes on following it');

      const resumed = await client.callTool({ name: 'resume_job', arguments: { jobId: job?.id, maxWaitSeconds: 60 } });
      const done = jsonOf<{ status: string; output: string }>(resumed);
      assert.deepEqual([done.status, done.output], ['succeeded', join(dir, 'photo.mp4')]);
      assert.equal(fal.requestsTo('submit').length, creates + 1, 'neither the cancel nor the resume created again');
    } finally {
      await client.close();
    }
  });

  it('Ctrl-C ends the server with exit code 130, like every command', async () => {
    const dir = await folderWithImage();
    const child = spawn(process.execPath, [cli, 'mcp', '--verbose'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, ANIMATE_IMAGE_STATE_DIR: join(dir, '.state') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(() => /MCP server on stdio/.test(stderr));
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
  });
});

describe('animate-image --budget-usd', () => {
  let fal: FalFake;
  before(async () => {
    fal = await startFalFake({ apiKey: FAL_KEY });
  });
  after(() => fal.close());

  it('refuses a batch whose estimate is over the budget (exit 2) before any create; under it, a dry run shows the cost', async () => {
    const dir = await folderWithImage();
    const env = { FAL_KEY, FAL_BASE_URL: fal.url };
    const batch = [
      '--provider',
      'fal',
      '--image',
      'photo.png',
      '--image',
      'photo.png',
      '--prompt',
      'zoom',
      '--output',
      'out/',
    ];
    const refused = await run([...batch, '--budget-usd', '1'], { cwd: dir, env });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(
      refused.stderr,
      /Refused: 2 videos would cost ≈ \$1\.40, over the budget: \$1\.00 left of the \$1\.00 budget\. Raise it with --budget-usd/,
    );
    assert.equal(fal.requestsTo('submit').length, 0);
    const dry = await run([...batch, '--budget-usd', '1.5', '--dry-run'], { cwd: dir, env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /cost ≈ \$0\.70/);
    assert.equal(fal.requestsTo('submit').length, 0);
    const resume = await run(['resume', 'x', '--budget-usd', '1'], { cwd: dir, env });
    assert.equal(resume.code, 2);
    assert.match(resume.stderr, /--budget-usd applies to a new animation \(--image …\) and to mcp, not to resume/);
  });
});
