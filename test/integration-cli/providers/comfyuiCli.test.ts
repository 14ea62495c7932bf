// ComfyUI end to end through the built CLI (dist/cli.js) against the strict fake: a process per run.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import wanTemplate from '../../../src/core/providers/comfyui/wan2.2-i2v.json';
import { startComfyFake, type ComfyFake, type ComfyFakeOptions } from '../../fakes/comfyuiServer';
import { generatedVideoBytes } from '../../fakes/video';
import { runCli } from '../../helpers/cli';
import { solidImage } from '../../helpers/images';

async function withFake(options: Partial<ComfyFakeOptions>, fn: (fake: ComfyFake) => Promise<void>): Promise<void> {
  const fake = await startComfyFake(options);
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

/** The frame count the first queued workflow asks WanImageToVideo for. */
function wanLength(fake: ComfyFake): unknown {
  const prompt = fake.requestsTo('prompt')[0]?.json as
    { prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }> } | undefined;
  const node = Object.values(prompt?.prompt ?? {}).find((n) => n.class_type === 'WanImageToVideo');
  assert.ok(node, 'no WanImageToVideo node queued');
  return node.inputs.length;
}

describe('animate-image CLI with --provider comfyui', () => {
  it('makes an MP4 from the Wan template with --base-url, and takes the base URL and own workflow from COMFYUI_BASE_URL / COMFYUI_WORKFLOW', async () => {
    await withFake({}, async (fake) => {
      const dir = await mkdtemp(join(tmpdir(), 'comfyui-cli-'));
      await writeFile(join(dir, 'photo.png'), await solidImage(640, 360, { background: '#88aa44' }));
      const run = await runCli(
        [
          '--provider',
          'comfyui',
          '--base-url',
          fake.url,
          '--image',
          'photo.png',
          '--prompt',
          'leaves move',
          '--size',
          '832x480',
          '--n-seconds',
          '2',
          '--poll-interval',
          '0.05',
        ],
        { cwd: dir },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(await readFile(join(dir, 'photo.mp4')), generatedVideoBytes(40_000));
      assert.equal(wanLength(fake), 33);

      await writeFile(join(dir, 'mine.json'), JSON.stringify(wanTemplate));
      const own = await runCli(
        [
          '--provider',
          'comfyui',
          '--model',
          'workflow',
          '--image',
          'photo.png',
          '--prompt',
          'leaves move',
          '--size',
          '832x480',
          '--n-seconds',
          '2',
          '--poll-interval',
          '0.05',
          '--output',
          'own.mp4',
        ],
        {
          cwd: dir,
          env: { COMFYUI_BASE_URL: fake.url, COMFYUI_WORKFLOW: join(dir, 'mine.json') },
        },
      );
      assert.equal(own.code, 0, own.stderr);
      assert.deepEqual(await readFile(join(dir, 'own.mp4')), generatedVideoBytes(40_000));
      assert.equal(fake.requestsTo('prompt').length, 2);
    });
  });

  it("exits 2 with ComfyUI's own words when a model file is missing, and queues nothing", async () => {
    await withFake({ models: { diffusion_models: [], text_encoders: [], vae: [] } }, async (fake) => {
      const dir = await mkdtemp(join(tmpdir(), 'comfyui-cli-'));
      await writeFile(join(dir, 'photo.png'), await solidImage(640, 360, { background: '#88aa44' }));
      const run = await runCli(
        ['--provider', 'comfyui', '--base-url', fake.url, '--image', 'photo.png', '--size', '832x480'],
        { cwd: dir },
      );
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /Prompt outputs failed validation; node 1 UNETLoader — Value not in list/);
      assert.equal(fake.prompts.size, 0);
    });
  });
});
