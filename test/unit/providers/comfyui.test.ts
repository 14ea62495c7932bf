import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { createComfyUiProvider } from '../../../src/core/providers/comfyui';
import { mp4Of, savedFiles } from '../../../src/core/providers/comfyuiWorkflow';
import wanTemplate from '../../../src/core/providers/comfyui/wan2.2-i2v.json';
import { type PreparedRequest, type ProviderContext, type RemoteJob } from '../../../src/core/providers/provider';
import { silentLogger } from '../../../src/core/types';
import { type PreparedImage } from '../../../src/core/image/prepare';
import { providerInfo } from '../../../src/core/providers/registry';
import { resolveRequest } from '../../../src/core/request';
import { startComfyFake, type ComfyFake, type ComfyFakeOptions } from '../../fakes/comfyuiServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { collect, pollUntilDone, recordingLogger, rejection, signal } from '../../helpers/providerHarness';

interface Harness {
  readonly fake: ComfyFake;
  readonly ctx: ProviderContext;
  readonly lines: string[];
}

async function withFake(
  options: Partial<ComfyFakeOptions>,
  fn: (h: Harness) => Promise<void>,
  ctxOverrides: Partial<ProviderContext> = {},
): Promise<void> {
  const fake = await startComfyFake(options);
  const lines: string[] = [];
  try {
    await fn({ fake, ctx: { baseUrl: fake.url, log: recordingLogger(lines), ...ctxOverrides }, lines });
  } finally {
    await fake.close();
  }
}

let png: Buffer | undefined;
async function picture(name = 'cat.png'): Promise<PreparedImage> {
  png ??= await solidImage(320, 180, { background: '#336699' });
  return {
    bytes: new Uint8Array(png),
    mime: 'image/png',
    width: 320,
    height: 180,
    fileName: name,
    sourcePath: `/tmp/${name}`,
  };
}

async function request(overrides: Partial<PreparedRequest> = {}): Promise<PreparedRequest> {
  return {
    prompt: 'the cat turns its head',
    model: 'wan2.2-i2v-14b',
    size: { width: 1280, height: 720 },
    seconds: 5,
    image: await picture(),
    ...overrides,
  };
}

type Prompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>;
function queued(fake: ComfyFake, index = 0): { prompt: Prompt; client_id?: string } {
  const body = fake.requestsTo('prompt')[index]?.json as { prompt: Prompt; client_id?: string } | undefined;
  assert.ok(body, 'no prompt queued');
  return body;
}
const nodeOf = (prompt: Prompt, classType: string): Record<string, unknown> => {
  const node = Object.values(prompt).find((n) => n.class_type === classType);
  assert.ok(node, `no ${classType} node`);
  return node.inputs;
};

describe('comfyui provider: capabilities', () => {
  it('needs no key, defaults to 127.0.0.1:8188, costs nothing, and offers Wan 2.2 (with last frame), LTX-Video and your own workflow', () => {
    const info = providerInfo('comfyui');
    assert.equal(info.needsKey, false);
    assert.deepEqual(info.keyEnv, []);
    assert.equal(info.defaultBaseUrl, 'http://127.0.0.1:8188');
    assert.deepEqual(
      info.models.map((m) => [m.id, m.lastFrame, m.cancel]),
      [
        ['wan2.2-i2v-14b', true, true],
        ['ltx-video-2b', false, true],
        ['workflow', true, true],
      ],
    );
    const ltx = info.models.find((m) => m.id === 'ltx-video-2b');
    assert.ok(
      ltx?.sizes.every((s) => s.split('x').every((n) => Number(n) % 32 === 0)),
      'LTX sizes are multiples of 32',
    );
  });
});

describe('comfyui provider vs the fake', () => {
  it('runs the Wan 2.2 template end to end through the job runner to an MP4 next to the image', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const dir = await mkdtemp(join(tmpdir(), 'comfyui-test-'));
      await writeFile(join(dir, 'field.png'), await solidImage(640, 360, { background: '#228844' }));
      const provider = createComfyUiProvider(ctx);
      const resolved = resolveRequest(
        {
          image: join(dir, 'field.png'),
          prompt: 'wind in the grass',
          provider: 'comfyui',
          size: '832x480',
          seconds: 3,
        },
        provider.info,
      );
      const outcome = await startJob(
        { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger },
        resolved,
        { pollIntervalMs: 5 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'field.mp4'));
      assert.deepEqual(await readFile(join(dir, 'field.mp4')), generatedVideoBytes(40_000));

      const upload = fake.requestsTo('upload')[0];
      assert.equal(upload?.form?.type, 'input');
      assert.match(upload?.form?.image ?? '', /^animate-image-first-[0-9a-f]{12}\.png$/);
      const { prompt, client_id } = queued(fake);
      assert.match(client_id ?? '', /^animate-image-[0-9a-f]{16}$/);
      assert.equal(nodeOf(prompt, 'LoadImage').image, upload?.form?.image);
      assert.deepEqual(
        Object.values(prompt)
          .filter((n) => n.class_type === 'CLIPTextEncode')
          .map((n) => n.inputs.text),
        [
          'wind in the grass',
          'blurry, low quality, static, distorted, deformed, extra fingers, watermark, subtitles, text',
        ],
      );
      const i2v = nodeOf(prompt, 'WanImageToVideo');
      assert.deepEqual([i2v.width, i2v.height, i2v.length], [832, 480, 49], '3 s at 16 fps = 49 frames (4n+1)');
      assert.equal(nodeOf(prompt, 'CreateVideo').fps, 16);
      assert.ok(!JSON.stringify(prompt).includes('{{'), 'no placeholder left');
      assert.equal(fake.requestsTo('view')[0]?.query.subfolder, 'video');
    });
  });

  it('sends the seed and the negative prompt given, and refuses extras the provider cannot honour', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const job = await provider.submit(await request({ extras: { seed: 42, negativePrompt: 'rain' } }), signal());
      const { prompt } = queued(fake);
      assert.equal(nodeOf(prompt, 'KSamplerAdvanced').noise_seed, 42);
      assert.equal(prompt['8']?.inputs.text, 'rain');
      assert.equal(job.data?.seed, '42');
      const audio = await rejection(provider.submit(await request({ extras: { audio: true } }), signal()));
      assert.equal(audio.kind, 'bad-input');
      assert.match(audio.message, /cannot take audio/);
      assert.equal(fake.requestsTo('prompt').length, 1);
    });
  });

  it('animates between two images with the first-last-frame template, each image uploaded once', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const job = await provider.submit(await request({ lastFrame: await picture('end.png') }), signal());
      const uploads = fake.requestsTo('upload').map((r) => r.form?.image);
      assert.equal(uploads.length, 2);
      const { prompt } = queued(fake);
      const flf = nodeOf(prompt, 'WanFirstLastFrameToVideo');
      const loaders = Object.entries(prompt).filter(([, n]) => n.class_type === 'LoadImage');
      const imageOf = (link: unknown): unknown => prompt[(link as [string, number])[0]]?.inputs.image;
      assert.equal(loaders.length, 2);
      assert.equal(imageOf(flf.start_image), uploads[0]);
      assert.equal(imageOf(flf.end_image), uploads[1]);
      assert.deepEqual([flf.length, job.data?.lastImage], [81, uploads[1]]);
      const statuses = await pollUntilDone(provider, job);
      assert.equal(statuses.at(-1)?.state, 'succeeded');
    });
  });

  it('runs the LTX-Video template at 24 fps and refuses a last frame for it before anything is sent', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const refused = await rejection(
        provider.submit(
          await request({
            model: 'ltx-video-2b',
            size: { width: 768, height: 512 },
            lastFrame: await picture('end.png'),
          }),
          signal(),
        ),
      );
      assert.equal(refused.kind, 'bad-input');
      assert.match(refused.message, /ltx-video-2b animates from a first frame only; .*wan2\.2-i2v-14b/);
      const wrongSize = await rejection(provider.submit(await request({ model: 'ltx-video-2b' }), signal()));
      assert.match(wrongSize.message, /makes videos of 768x512, 512x768, 1216x704, 704x1216, not 1280x720/);
      assert.equal(fake.requests.length, 0);

      const job = await provider.submit(
        await request({ model: 'ltx-video-2b', size: { width: 768, height: 512 }, seconds: 4 }),
        signal(),
      );
      const { prompt } = queued(fake);
      const i2v = nodeOf(prompt, 'LTXVImgToVideo');
      assert.deepEqual([i2v.width, i2v.height, i2v.length], [768, 512, 97], '4 s at 24 fps = 97 frames (8n+1)');
      assert.equal(nodeOf(prompt, 'LTXVConditioning').frame_rate, 24);
      assert.equal(typeof nodeOf(prompt, 'RandomNoise').noise_seed, 'number');
      assert.equal(job.data?.seed, String(nodeOf(prompt, 'RandomNoise').noise_seed));
      assert.equal((await pollUntilDone(provider, job)).at(-1)?.state, 'succeeded');
    });
  });

  it('reports queued while waiting, running while it runs, and the history entry once done (history is {} until then)', async () => {
    await withFake({ pendingSteps: 2, runningSteps: 2 }, async ({ fake, ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const states = (await pollUntilDone(provider, job)).map((s) => s.state);
      assert.deepEqual(states, ['queued', 'running', 'running', 'succeeded']);
      const history = fake.requestsTo('history');
      assert.ok(history.length >= 4);
      const done = await pollUntilDone(provider, job);
      assert.deepEqual(done.at(-1), {
        state: 'succeeded',
        job: {
          ...job,
          data: { ...job.data, filename: 'animate-image_00001_.mp4', subfolder: 'video', fileType: 'output' },
        },
      });
    });
  });

  it('a GPU failure is a failed job naming the node and what ComfyUI said', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'OOM_FAIL please' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.equal(last?.state, 'failed');
      assert.ok(last?.state === 'failed');
      assert.match(
        last.reason,
        /^ComfyUI failed the workflow at KSamplerAdvanced, node 11: Allocation on device would exceed allowed memory/,
      );
      assert.match(last.reason, /ran out of memory: try a smaller size or fewer seconds/);
      assert.equal(last.code, 'torch.OutOfMemoryError');
    });
  });

  it('a missing model file comes back as ComfyUI node errors, said as bad input with the file and a pointer to check', async () => {
    await withFake(
      {
        models: {
          diffusion_models: [],
          text_encoders: ['umt5_xxl_fp8_e4m3fn_scaled.safetensors'],
          vae: ['wan_2.1_vae.safetensors'],
        },
      },
      async ({ fake, ctx }) => {
        const provider = createComfyUiProvider(ctx);
        const error = await rejection(provider.submit(await request(), signal()));
        assert.equal(error.kind, 'bad-input');
        assert.equal(error.details.status, 400);
        assert.equal(error.details.code, 'prompt_outputs_failed_validation');
        assert.match(
          error.message,
          /Prompt outputs failed validation; node 1 UNETLoader — Value not in list: unet_name: 'wan2\.2_i2v_high_noise_14B_fp8_scaled\.safetensors'/,
        );
        assert.match(error.message, /Run "check" for ComfyUI/);
        assert.equal(fake.prompts.size, 0, 'nothing queued');
      },
    );
  });

  it("an unknown node class is refused with ComfyUI's missing_node_type error", async () => {
    await withFake({ missingNodes: ['WanImageToVideo'] }, async ({ ctx }) => {
      const error = await rejection(createComfyUiProvider(ctx).submit(await request(), signal()));
      assert.equal(error.kind, 'bad-input');
      assert.equal(error.details.code, 'missing_node_type');
      assert.match(
        error.message,
        /Node 'WanImageToVideo' not found\. The custom node may not be installed: Node ID '#10'/,
      );
    });
  });

  it('cancel deletes a waiting prompt from the queue (it never runs) and interrupts the running one', async () => {
    await withFake({ pendingSteps: 2, runningSteps: 5 }, async ({ fake, ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const waiting = await provider.submit(await request(), signal());
      await provider.cancel?.(waiting);
      assert.deepEqual(
        fake.requestsTo('queue', 'POST').map((r) => r.json),
        [{ delete: [waiting.id] }],
      );
      assert.equal(fake.requestsTo('interrupt').length, 0);
      assert.deepEqual(await provider.poll(waiting, signal()), {
        state: 'failed',
        reason: `ComfyUI no longer knows prompt ${waiting.id}: it was restarted, or its history was cleared (ComfyUI keeps both in memory only). If the prompt had finished, its video is in ComfyUI's output folder.`,
        code: 'unknown-prompt',
      });

      const running = await provider.submit(await request(), signal());
      await provider.poll(running, signal());
      assert.equal((await provider.poll(running, signal())).state, 'running');
      await provider.cancel?.(running);
      assert.deepEqual(
        fake.requestsTo('interrupt').map((r) => r.json),
        [{ prompt_id: running.id }],
      );
      const status = await provider.poll(running, signal());
      assert.deepEqual(status, {
        state: 'failed',
        reason: `ComfyUI prompt ${running.id} was interrupted (cancelled) before it finished.`,
        code: 'execution_interrupted',
      });
    });
  });

  it('a new provider instance resumes a stored prompt by its id and downloads the MP4; after a ComfyUI restart it says the prompt is gone', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const job = await createComfyUiProvider(ctx).submit(await request(), signal());
      const stored: RemoteJob = JSON.parse(JSON.stringify(job)) as RemoteJob;
      const fresh = createComfyUiProvider(ctx);
      const last = (await pollUntilDone(fresh, stored)).at(-1);
      assert.ok(last?.state === 'succeeded' && last.job);
      assert.deepEqual(await collect(await fresh.download(last.job, signal())), generatedVideoBytes(40_000));

      const second = await fresh.submit(await request(), signal());
      fake.restart();
      const gone = await fresh.poll(second, signal());
      assert.equal(gone.state === 'failed' && gone.code, 'unknown-prompt');
    });
  });

  it('an output file deleted from ComfyUI is a clear download error', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'succeeded' && last.job);
      fake.files.clear();
      const error = await rejection(provider.download(last.job, signal()));
      assert.equal(error.details.status, 404);
      assert.match(
        error.message,
        /ComfyUI no longer has video\/animate-image_00001_\.mp4 in its output folder \(moved or deleted\); the video must be made again\./,
      );
    });
  });

  it('an unreachable ComfyUI is a network error before anything is queued', async () => {
    const port = await closedPort();
    const provider = createComfyUiProvider({ baseUrl: `http://127.0.0.1:${port}`, log: silentLogger });
    const error = await rejection(provider.submit(await request(), signal()));
    assert.equal(error.kind, 'network');
    assert.match(error.message, new RegExp(`Could not reach 127\\.0\\.0\\.1:${port}`));
  });
});

describe('comfyui provider: your own workflow', () => {
  async function workflowFile(workflow: unknown): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'comfyui-workflow-'));
    const path = join(dir, 'mine.json');
    await writeFile(path, JSON.stringify(workflow));
    return path;
  }
  const wan = JSON.parse(JSON.stringify(wanTemplate)) as Prompt;

  it('fills the placeholders of an exported API-format workflow, also inside longer text, with its own fps', async () => {
    const mine = JSON.parse(JSON.stringify(wan)) as Prompt;
    (mine['7'] as { inputs: Record<string, unknown> }).inputs.text = 'cinematic, {{prompt}}';
    const path = await workflowFile(mine);
    await withFake(
      {},
      async ({ fake, ctx }) => {
        const provider = createComfyUiProvider(ctx);
        const job = await provider.submit(
          await request({ model: 'workflow', size: { width: 480, height: 832 }, seconds: 2 }),
          signal(),
        );
        const { prompt } = queued(fake);
        assert.equal(prompt['7']?.inputs.text, 'cinematic, the cat turns its head');
        const i2v = nodeOf(prompt, 'WanImageToVideo');
        assert.deepEqual([i2v.width, i2v.height, i2v.length], [480, 832, 41]);
        assert.equal(nodeOf(prompt, 'CreateVideo').fps, 20);
        assert.equal((await pollUntilDone(provider, job)).at(-1)?.state, 'succeeded');
      },
      { options: { workflow: path, fps: 20 } },
    );
  });

  it('refuses the editor format, a workflow without {{image}}, a missing option and a last frame it has no slot for', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const run = async (options: Record<string, unknown>, extra: Partial<PreparedRequest> = {}) =>
        rejection(
          createComfyUiProvider({ ...ctx, options }).submit(await request({ model: 'workflow', ...extra }), signal()),
        );
      assert.match((await run({})).message, /set the comfyui "workflow" option \(CLI: COMFYUI_WORKFLOW\)/);
      assert.match(
        (await run({ workflow: await workflowFile({ nodes: [], links: [] }) })).message,
        /in the editor's format, not the API format\. In ComfyUI, use Workflow → Export \(API\)/,
      );
      const noImage = JSON.parse(JSON.stringify(wan)) as Prompt;
      (noImage['9'] as { inputs: Record<string, unknown> }).inputs.image = 'cat.png';
      assert.match(
        (await run({ workflow: await workflowFile(noImage) })).message,
        /has no \{\{image\}\} placeholder; without it the request would be ignored/,
      );
      assert.match(
        (await run({ workflow: await workflowFile(wan) }, { lastFrame: await picture('end.png') })).message,
        /has no \{\{last_image\}\} placeholder, so it cannot take a last frame/,
      );
      const typo = JSON.parse(JSON.stringify(wan)) as Prompt;
      (typo['8'] as { inputs: Record<string, unknown> }).inputs.text = '{{negative}}';
      assert.match(
        (await run({ workflow: await workflowFile(typo) })).message,
        /unknown placeholder\(s\) \{\{negative\}\}/,
      );
      assert.equal(fake.requests.length, 0);
    });
  });

  it('refuses a workflow whose save node does not write MP4, naming the file it made', async () => {
    const mine = JSON.parse(JSON.stringify(wan)) as Prompt;
    delete mine['14'];
    mine['15'] = {
      class_type: 'SaveAnimatedWEBP',
      inputs: {
        images: ['13', 0],
        filename_prefix: 'clip',
        fps: '{{fps}}',
        lossless: false,
        quality: 90,
        method: 'default',
      },
    };
    const path = await workflowFile(mine);
    await withFake(
      {},
      async ({ ctx }) => {
        const provider = createComfyUiProvider(ctx);
        const job = await provider.submit(await request({ model: 'workflow' }), signal());
        const last = (await pollUntilDone(provider, job)).at(-1);
        assert.ok(last?.state === 'failed');
        assert.equal(last.code, 'not-mp4');
        assert.match(
          last.reason,
          /but it saved clip_00001_\.webp, and only an MP4 can be used\. Make the workflow's save node write MP4/,
        );
      },
      { options: { workflow: path } },
    );
  });
});

describe('comfyui check()', () => {
  it('reads /object_info only and finds everything the Wan template needs', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const check = await createComfyUiProvider(ctx).check?.(undefined, signal());
      assert.deepEqual(check, {
        provider: 'comfyui',
        model: 'wan2.2-i2v-14b',
        endpoint: `${new URL(fake.url).host}/object_info`,
        reachable: true,
        modelAvailable: true,
        ok: true,
      });
      assert.deepEqual(
        fake.requests.map((r) => r.route),
        ['object_info'],
      );
    });
  });

  it('lists the missing node types and model files (with their folders) before anything is queued', async () => {
    await withFake(
      {
        missingNodes: ['WanFirstLastFrameToVideo'],
        models: {
          diffusion_models: ['wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors'],
          text_encoders: [],
          vae: ['wan_2.1_vae.safetensors'],
        },
      },
      async ({ fake, ctx }) => {
        const check = await createComfyUiProvider(ctx).check?.('wan2.2-i2v-14b', signal());
        assert.equal(check?.reachable, true);
        assert.equal(check?.modelAvailable, false);
        assert.equal(check?.ok, false);
        assert.match(
          check?.problem ?? '',
          /ComfyUI lacks the node type\(s\) WanFirstLastFrameToVideo: update ComfyUI or install the custom nodes/,
        );
        assert.match(
          check?.problem ?? '',
          /wan2\.2_i2v_low_noise_14B_fp8_scaled\.safetensors \(put it in models\/diffusion_models; node 2 UNETLoader\.unet_name\)/,
        );
        assert.match(
          check?.problem ?? '',
          /umt5_xxl_fp8_e4m3fn_scaled\.safetensors \(put it in models\/text_encoders; node 3 CLIPLoader\.clip_name\)/,
        );
        assert.doesNotMatch(check?.problem ?? '', /high_noise/);
        assert.equal(fake.requestsTo('prompt').length + fake.requestsTo('upload').length, 0);
      },
    );
  });

  it('checks the LTX template against the newer COMBO form too, and says when the own-workflow option is missing', async () => {
    await withFake({ models: { checkpoints: [], text_encoders: ['t5xxl_fp16.safetensors'] } }, async ({ ctx }) => {
      const provider = createComfyUiProvider(ctx);
      const ltx = await provider.check?.('ltx-video-2b', signal());
      assert.match(
        ltx?.problem ?? '',
        /^Missing model file\(s\): ltx-video-2b-v0\.9\.5\.safetensors \(put it in models\/checkpoints; node 1 CheckpointLoaderSimple\.ckpt_name\)\.$/,
      );
      const own = await provider.check?.('workflow', signal());
      assert.deepEqual([own?.reachable, own?.modelAvailable, own?.ok], [true, false, false]);
      assert.match(own?.problem ?? '', /set the comfyui "workflow" option/);
      const unknown = await provider.check?.('nope', signal());
      assert.deepEqual([unknown?.reachable, unknown?.modelAvailable], [true, false]);
    });
  });

  it('a server that is down is reported as not reachable', async () => {
    const port = await closedPort();
    const check = await createComfyUiProvider({ baseUrl: `http://127.0.0.1:${port}`, log: silentLogger }).check?.(
      undefined,
      signal(),
    );
    assert.deepEqual([check?.reachable, check?.ok], [false, false]);
    assert.match(check?.problem ?? '', /Could not reach/);
  });
});

describe('ComfyUI history outputs', () => {
  it('finds the MP4 of core SaveVideo (under "images") and of VHS_VideoCombine (under "gifs"), preferring the output folder', () => {
    const files = savedFiles({
      '9': { images: [{ filename: 'preview_00001_.webp', subfolder: '', type: 'temp' }], animated: [true] },
      '12': { gifs: [{ filename: 'AnimateDiff_00001.mp4', subfolder: '', type: 'temp', format: 'video/h264-mp4' }] },
      '15': {
        gifs: [
          {
            filename: 'AnimateDiff_00002.mp4',
            subfolder: 'clips',
            type: 'output',
            format: 'video/h264-mp4',
            frame_rate: 16,
          },
        ],
      },
      '20': { text: ['not a file'] },
    });
    assert.deepEqual(
      files.map((f) => f.filename),
      ['preview_00001_.webp', 'AnimateDiff_00001.mp4', 'AnimateDiff_00002.mp4'],
    );
    assert.deepEqual(mp4Of(files), {
      node: '15',
      filename: 'AnimateDiff_00002.mp4',
      subfolder: 'clips',
      type: 'output',
    });
    assert.equal(mp4Of(files.slice(0, 1)), undefined);
  });
});

describe('comfyui fake contract', () => {
  it('refuses a placeholder left as text, an upload without an image, a path outside the output folder, and answers under /api too', async () => {
    await withFake({}, async ({ fake }) => {
      const post = async (
        path: string,
        body: unknown,
      ): Promise<{
        status: number;
        body: {
          error?: { type: string };
          node_errors?: Record<string, { errors: { type: string; details: string }[] }>;
        };
      }> => {
        const response = await fetch(`${fake.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as never };
      };
      const unfilled = await post('/prompt', { prompt: wanTemplate, client_id: 'x' });
      assert.equal(unfilled.status, 400);
      assert.equal(unfilled.body.error?.type, 'prompt_outputs_failed_validation');
      assert.deepEqual(
        unfilled.body.node_errors?.['10']?.errors.map((e) => e.type),
        ['invalid_input_type', 'invalid_input_type', 'invalid_input_type'],
      );
      assert.equal(unfilled.body.node_errors?.['9']?.errors[0]?.details, 'image - Invalid image file: {{image}}');
      assert.equal(
        (await post('/api/prompt', { prompt: { '1': { class_type: 'VAEDecode', inputs: {} } } })).body.error?.type,
        'prompt_no_outputs',
      );
      const form = new FormData();
      form.append('type', 'input');
      assert.equal((await fetch(`${fake.url}/upload/image`, { method: 'POST', body: form })).status, 400);
      assert.equal((await fetch(`${fake.url}/view?filename=../secret.txt&type=output`)).status, 400);
      assert.equal((await fetch(`${fake.url}/api/view?filename=nothing.mp4&type=output`)).status, 404);
      assert.deepEqual(await (await fetch(`${fake.url}/api/history/unknown`)).json(), {});
      assert.equal((await fetch(`${fake.url}/models/nope`)).status, 404);
    });
  });
});
