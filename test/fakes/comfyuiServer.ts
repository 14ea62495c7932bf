/**
 * A loopback fake of a ComfyUI server that behaves like ComfyUI's own server.py and execution.py (docs/providers.md
 * §13), so a client that passes here works against a real ComfyUI.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Enforced: every route also under `/api`; `POST /upload/image` multipart with an `image` file part (400 without one,
 * `type` input|temp|output), answering `{name, subfolder, type}` and renaming a same-named different file to
 * `name (1).ext`; `POST /prompt` validated like `validate_prompt`: an unknown `class_type` is 400
 * `missing_node_type`, no output node is 400 `prompt_no_outputs`, and per node missing required inputs, links to
 * missing nodes or of the wrong type, numbers that are not numbers or out of range, combo values not offered (model
 * files, samplers) and a LoadImage file that was never uploaded are 400 `prompt_outputs_failed_validation` with
 * `node_errors`; `GET /history/{id}` is `{}` until the prompt ends (pending → running → done, advanced by history
 * reads), then `{id: {prompt, outputs, status: {status_str, completed, messages}, meta}}`; `GET /queue`;
 * `POST /queue {delete}` removes waiting prompts; `POST /interrupt` (optional `prompt_id`) ends the running one with
 * `execution_interrupted`; `GET /view` serves saved files (404 unknown, 400 for `..`); `GET /object_info[/{class}]`
 * with combo lists in both the classic `[[…]]` and the newer `["COMBO", {options}]` form; `GET /models[/{folder}]`.
 * SaveVideo writes `<prefix>_00001_.mp4` listed under `images` with `animated: [true]`, SaveAnimatedWEBP a `.webp`.
 * A prompt text containing `failWord` ends with `execution_error` (out of memory) at the sampler.
 *
 * Shell use (E2E): `node --import tsx test/fakes/comfyuiServer.ts --port 0 [--steps N] [--running-steps N]
 * [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT"}` on one line.
 */
import { randomUUID } from 'node:crypto';
import { isRecord, mediaType } from './body';
import { fakeControls, type FakeControls } from './controls';
import { jsonApiHandler } from './exchange';
import { faultQueue, invalidJsonReply, nonJsonReply, type TransportFault } from './faults';
import { jsonReplies, listen, textReply, type Reply } from './http';
import { parseMultipart } from './multipart';
import type { JsonRecordedRequest } from './recording';
import { parseFlags, runFromShell, sharedOptions, TEXT } from './shell';
import { hasTriggerWord } from './triggerWords';
import { videoReply, type VideoSource } from './video';

// ───────────────────────────── public types ─────────────────────────────

export type ComfyRoute = 'upload' | 'prompt' | 'history' | 'queue' | 'interrupt' | 'view' | 'object_info' | 'models';

export type ComfyFault = { readonly kind: 'status'; readonly status: number; readonly body?: string } | TransportFault;

export interface ComfyFakeOptions {
  host: string;
  port: number;
  /** History reads per lifecycle step. */
  pollsPerStep: number;
  /** Steps a prompt waits in the queue before it runs. */
  pendingSteps: number;
  /** Steps it runs before it ends. */
  runningSteps: number;
  /** A prompt text with this word ends with `execution_error` (GPU out of memory). Empty: never. */
  failWord: string;
  video: VideoSource;
  /** Model files per folder (what `models/<folder>` holds); combo inputs of the loaders offer these. */
  models: Record<string, string[]>;
  /** Node classes this server lacks (a custom node pack not installed, an old ComfyUI). */
  missingNodes: string[];
  maxBodyBytes: number;
}

export type ComfyRecordedRequest = JsonRecordedRequest<ComfyRoute | 'unknown'> & {
  /** Multipart fields of an upload (file parts by their file name). */
  form?: Record<string, string>;
};

export interface FakePrompt {
  readonly id: string;
  readonly number: number;
  readonly prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
  readonly extraData: Record<string, unknown>;
  readonly outputs: string[];
  polls: number;
  state: 'pending' | 'running' | 'done';
  interrupted?: boolean;
}

export interface ComfyFake extends FakeControls<ComfyRoute, ComfyFault, ComfyRecordedRequest> {
  readonly url: string;
  readonly options: ComfyFakeOptions;
  readonly prompts: Map<string, FakePrompt>;
  /** Uploaded input files by name. */
  readonly inputs: Map<string, Buffer>;
  /** Saved files by `type/subfolder/filename`. */
  readonly files: Map<string, Buffer | VideoSource>;
  readonly history: Map<string, unknown>;
  /** A ComfyUI restart: queue and history are gone (they live in memory), files on disk stay. */
  restart(): void;
}

// ───────────────────────────── node classes ─────────────────────────────

type Spec = readonly [unknown, Record<string, unknown>?];
interface NodeClass {
  readonly required: Record<string, Spec>;
  readonly optional?: Record<string, Spec>;
  readonly output: readonly string[];
  readonly outputNode?: boolean;
}

const INT = (min: number, max: number, extra: Record<string, unknown> = {}): Spec => ['INT', { min, max, ...extra }];
const FLOAT = (min: number, max: number): Spec => ['FLOAT', { min, max, step: 0.01 }];
const STRING: Spec = ['STRING', { multiline: false }];
const BOOLEAN: Spec = ['BOOLEAN', {}];
const combo = (options: readonly string[]): Spec => [[...options], {}];
/** The newer (V3 schema) form of a combo. */
const combo3 = (options: readonly string[]): Spec => ['COMBO', { options: [...options] }];
const link = (type: string): Spec => [type];
const MAX_RES = 16384;
const SAMPLERS = ['euler', 'euler_ancestral', 'heun', 'dpmpp_2m', 'uni_pc'];
const SCHEDULERS = ['simple', 'normal', 'karras', 'beta'];
const CLIP_TYPES = ['stable_diffusion', 'sd3', 'mochi', 'ltxv', 'pixart', 'cosmos', 'lumina2', 'wan', 'hidream'];
const WAN_I2V_INPUTS: Record<string, Spec> = {
  positive: link('CONDITIONING'),
  negative: link('CONDITIONING'),
  vae: link('VAE'),
  width: INT(16, MAX_RES, { step: 16 }),
  height: INT(16, MAX_RES, { step: 16 }),
  length: INT(1, MAX_RES, { step: 4 }),
  batch_size: INT(1, 4096),
};

function nodeClasses(models: Record<string, string[]>, inputFiles: readonly string[]): Record<string, NodeClass> {
  const files = (folder: string): string[] => [...(models[folder] ?? [])].sort();
  return {
    UNETLoader: {
      required: {
        unet_name: combo(files('diffusion_models')),
        weight_dtype: combo(['default', 'fp8_e4m3fn', 'fp8_e4m3fn_fast', 'fp8_e5m2']),
      },
      output: ['MODEL'],
    },
    CLIPLoader: {
      required: { clip_name: combo(files('text_encoders')), type: combo(CLIP_TYPES) },
      optional: { device: combo(['default', 'cpu']) },
      output: ['CLIP'],
    },
    VAELoader: { required: { vae_name: combo(files('vae')) }, output: ['VAE'] },
    CheckpointLoaderSimple: { required: { ckpt_name: combo(files('checkpoints')) }, output: ['MODEL', 'CLIP', 'VAE'] },
    ModelSamplingSD3: { required: { model: link('MODEL'), shift: FLOAT(0, 100) }, output: ['MODEL'] },
    CLIPTextEncode: { required: { text: STRING, clip: link('CLIP') }, output: ['CONDITIONING'] },
    LoadImage: { required: { image: [[...inputFiles].sort(), { image_upload: true }] }, output: ['IMAGE', 'MASK'] },
    WanImageToVideo: {
      required: WAN_I2V_INPUTS,
      optional: { clip_vision_output: link('CLIP_VISION_OUTPUT'), start_image: link('IMAGE') },
      output: ['CONDITIONING', 'CONDITIONING', 'LATENT'],
    },
    WanFirstLastFrameToVideo: {
      required: WAN_I2V_INPUTS,
      optional: {
        clip_vision_start_image: link('CLIP_VISION_OUTPUT'),
        clip_vision_end_image: link('CLIP_VISION_OUTPUT'),
        start_image: link('IMAGE'),
        end_image: link('IMAGE'),
      },
      output: ['CONDITIONING', 'CONDITIONING', 'LATENT'],
    },
    KSamplerAdvanced: {
      required: {
        model: link('MODEL'),
        add_noise: combo(['enable', 'disable']),
        noise_seed: INT(0, Number.MAX_SAFE_INTEGER),
        steps: INT(1, 10000),
        cfg: FLOAT(0, 100),
        sampler_name: combo(SAMPLERS),
        scheduler: combo(SCHEDULERS),
        positive: link('CONDITIONING'),
        negative: link('CONDITIONING'),
        latent_image: link('LATENT'),
        start_at_step: INT(0, 10000),
        end_at_step: INT(0, 10000),
        return_with_leftover_noise: combo(['disable', 'enable']),
      },
      output: ['LATENT'],
    },
    VAEDecode: { required: { samples: link('LATENT'), vae: link('VAE') }, output: ['IMAGE'] },
    CreateVideo: {
      required: { images: link('IMAGE'), fps: ['FLOAT', { min: 1, max: 120, step: 1 }] },
      optional: { audio: link('AUDIO') },
      output: ['VIDEO'],
    },
    SaveVideo: {
      required: {
        video: link('VIDEO'),
        filename_prefix: STRING,
        format: combo3(['auto', 'mp4']),
        codec: combo3(['auto', 'h264']),
      },
      output: [],
      outputNode: true,
    },
    SaveAnimatedWEBP: {
      required: {
        images: link('IMAGE'),
        filename_prefix: STRING,
        fps: FLOAT(0.01, 1000),
        lossless: BOOLEAN,
        quality: INT(0, 100),
        method: combo(['default', 'fastest', 'slowest']),
      },
      output: [],
      outputNode: true,
    },
    LTXVPreprocess: { required: { image: link('IMAGE'), img_compression: INT(0, 100) }, output: ['IMAGE'] },
    LTXVImgToVideo: {
      required: {
        positive: link('CONDITIONING'),
        negative: link('CONDITIONING'),
        vae: link('VAE'),
        image: link('IMAGE'),
        width: INT(64, MAX_RES, { step: 32 }),
        height: INT(64, MAX_RES, { step: 32 }),
        length: INT(9, MAX_RES, { step: 8 }),
        batch_size: INT(1, 4096),
        strength: FLOAT(0, 1),
      },
      output: ['CONDITIONING', 'CONDITIONING', 'LATENT'],
    },
    LTXVConditioning: {
      required: { positive: link('CONDITIONING'), negative: link('CONDITIONING'), frame_rate: FLOAT(0, 1000) },
      output: ['CONDITIONING', 'CONDITIONING'],
    },
    LTXVScheduler: {
      required: {
        steps: INT(1, 10000),
        max_shift: FLOAT(0, 100),
        base_shift: FLOAT(0, 100),
        stretch: BOOLEAN,
        terminal: FLOAT(0, 0.99),
      },
      optional: { latent: link('LATENT') },
      output: ['SIGMAS'],
    },
    KSamplerSelect: { required: { sampler_name: combo3(SAMPLERS) }, output: ['SAMPLER'] },
    RandomNoise: { required: { noise_seed: INT(0, Number.MAX_SAFE_INTEGER) }, output: ['NOISE'] },
    CFGGuider: {
      required: {
        model: link('MODEL'),
        positive: link('CONDITIONING'),
        negative: link('CONDITIONING'),
        cfg: FLOAT(0, 100),
      },
      output: ['GUIDER'],
    },
    SamplerCustomAdvanced: {
      required: {
        noise: link('NOISE'),
        guider: link('GUIDER'),
        sampler: link('SAMPLER'),
        sigmas: link('SIGMAS'),
        latent_image: link('LATENT'),
      },
      output: ['LATENT', 'LATENT'],
    },
  };
}

// ───────────────────────────── validation ─────────────────────────────

interface NodeError {
  readonly type: string;
  readonly message: string;
  readonly details: string;
  readonly extra_info: Record<string, unknown>;
}

class PromptError {
  constructor(
    readonly error: NodeError,
    readonly nodeErrors: unknown,
  ) {}
}

const isLink = (value: unknown): boolean => Array.isArray(value);

function checkInput(
  prompt: FakePrompt['prompt'],
  classes: Record<string, NodeClass>,
  name: string,
  spec: Spec,
  value: unknown,
  inputFiles: ReadonlyMap<string, Buffer>,
  classType: string,
): NodeError | undefined {
  const [type, config = {}] = spec;
  const info = { input_name: name, input_config: spec, received_value: value };
  if (isLink(value)) {
    const pair = value as unknown[];
    if (pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'number') {
      return {
        type: 'bad_linked_input',
        message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]',
        details: name,
        extra_info: info,
      };
    }
    const source = prompt[pair[0]];
    const returned = source ? classes[source.class_type]?.output[pair[1]] : undefined;
    if (!source || returned === undefined)
      return {
        type: 'exception_during_inner_validation',
        message: 'Exception when validating inner node',
        details: `${name}: no node ${pair[0]} output ${pair[1]}`,
        extra_info: info,
      };
    if (typeof type === 'string' && returned !== type)
      return {
        type: 'return_type_mismatch',
        message: 'Return type mismatch between linked nodes',
        details: `${name}, received_type(${returned}) mismatch input_type(${type})`,
        extra_info: info,
      };
    return undefined;
  }
  if (classType === 'LoadImage' && name === 'image') {
    // LoadImage validates the file itself (VALIDATE_INPUTS), instead of the combo list.
    return typeof value === 'string' && inputFiles.has(value)
      ? undefined
      : {
          type: 'custom_validation_failed',
          message: 'Custom validation failed for node',
          details: `image - Invalid image file: ${String(value)}`,
          extra_info: info,
        };
  }
  const options = Array.isArray(type) ? type : type === 'COMBO' ? (config.options as unknown[]) : undefined;
  if (options) {
    return options.includes(value)
      ? undefined
      : {
          type: 'value_not_in_list',
          message: 'Value not in list',
          details: `${name}: '${String(value)}' not in ${JSON.stringify(options)}`,
          extra_info: info,
        };
  }
  if (type === 'INT' || type === 'FLOAT') {
    if (typeof value !== 'number' || !Number.isFinite(value) || (type === 'INT' && !Number.isInteger(value))) {
      return {
        type: 'invalid_input_type',
        message: `Failed to convert an input value to a ${type} value`,
        details: `${name}, ${String(value)}`,
        extra_info: info,
      };
    }
    if (typeof config.min === 'number' && value < config.min)
      return {
        type: 'value_smaller_than_min',
        message: `Value ${value} smaller than min of ${config.min}`,
        details: name,
        extra_info: info,
      };
    if (typeof config.max === 'number' && value > config.max)
      return {
        type: 'value_bigger_than_max',
        message: `Value ${value} bigger than max of ${config.max}`,
        details: name,
        extra_info: info,
      };
    return undefined;
  }
  if (type === 'BOOLEAN' && typeof value !== 'boolean')
    return {
      type: 'invalid_input_type',
      message: 'Failed to convert an input value to a BOOLEAN value',
      details: name,
      extra_info: info,
    };
  if (type === 'STRING' && typeof value !== 'string')
    return {
      type: 'invalid_input_type',
      message: 'Failed to convert an input value to a STRING value',
      details: name,
      extra_info: info,
    };
  return undefined;
}

/** ComfyUI's `validate_prompt`: the output nodes to run, or a PromptError with its 400 body parts. */
function validatePrompt(
  prompt: unknown,
  classes: Record<string, NodeClass>,
  inputFiles: ReadonlyMap<string, Buffer>,
): string[] {
  if (!isRecord(prompt))
    throw new PromptError(
      {
        type: 'invalid_prompt',
        message: 'Invalid prompt',
        details: 'the prompt must be an object of nodes',
        extra_info: {},
      },
      {},
    );
  for (const [id, node] of Object.entries(prompt)) {
    const classType = isRecord(node) ? node.class_type : undefined;
    if (typeof classType !== 'string') {
      throw new PromptError(
        {
          type: 'invalid_prompt',
          message: 'Cannot execute because a node is missing the class_type property.',
          details: `Node ID '#${id}'`,
          extra_info: {},
        },
        {},
      );
    }
    if (!classes[classType]) {
      const title = isRecord(node) && isRecord(node._meta) ? node._meta.title : undefined;
      throw new PromptError(
        {
          type: 'missing_node_type',
          message: `Node '${classType}' not found. The custom node may not be installed.`,
          details: `Node ID '#${id}'`,
          extra_info: { node_id: id, class_type: classType, node_title: title ?? classType },
        },
        {},
      );
    }
  }
  const nodes = prompt as FakePrompt['prompt'];
  const outputs = Object.keys(nodes).filter((id) => classes[nodes[id]?.class_type ?? '']?.outputNode);
  if (outputs.length === 0)
    throw new PromptError(
      { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} },
      [],
    );
  const nodeErrors: Record<string, { errors: NodeError[]; dependent_outputs: string[]; class_type: string }> = {};
  for (const [id, node] of Object.entries(nodes)) {
    const cls = classes[node.class_type];
    if (!cls || !isRecord(node.inputs)) continue;
    const errors: NodeError[] = [];
    for (const [name, spec] of Object.entries(cls.required)) {
      if (!(name in node.inputs)) {
        errors.push({
          type: 'required_input_missing',
          message: 'Required input is missing',
          details: name,
          extra_info: { input_name: name },
        });
        continue;
      }
      const error = checkInput(nodes, classes, name, spec, node.inputs[name], inputFiles, node.class_type);
      if (error) errors.push(error);
    }
    for (const [name, spec] of Object.entries(cls.optional ?? {})) {
      if (!(name in node.inputs)) continue;
      const error = checkInput(nodes, classes, name, spec, node.inputs[name], inputFiles, node.class_type);
      if (error) errors.push(error);
    }
    if (errors.length > 0) nodeErrors[id] = { errors, dependent_outputs: outputs, class_type: node.class_type };
  }
  if (Object.keys(nodeErrors).length > 0) {
    throw new PromptError(
      {
        type: 'prompt_outputs_failed_validation',
        message: 'Prompt outputs failed validation',
        details: '',
        extra_info: {},
      },
      nodeErrors,
    );
  }
  return outputs;
}

// ───────────────────────────── the server ─────────────────────────────

const DEFAULTS: ComfyFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  pollsPerStep: 1,
  pendingSteps: 1,
  runningSteps: 2,
  failWord: 'OOM_FAIL',
  video: { bytes: 40_000 },
  models: {
    diffusion_models: [
      'wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors',
      'wan2.2_i2v_low_noise_14B_fp8_scaled.safetensors',
    ],
    text_encoders: ['umt5_xxl_fp8_e4m3fn_scaled.safetensors', 't5xxl_fp16.safetensors'],
    vae: ['wan_2.1_vae.safetensors'],
    checkpoints: ['ltx-video-2b-v0.9.5.safetensors'],
    loras: [],
    clip_vision: [],
  },
  missingNodes: [],
  maxBodyBytes: 100 * 1024 * 1024,
};

const json = jsonReplies('application/json; charset=utf-8');
const MESSAGE_TIME = 1_764_500_000_000;

export async function startComfyFake(overrides: Partial<ComfyFakeOptions> = {}): Promise<ComfyFake> {
  const options: ComfyFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: ComfyRecordedRequest[] = [];
  const faults = faultQueue<ComfyRoute, ComfyFault>();
  const prompts = new Map<string, FakePrompt>();
  const history = new Map<string, unknown>();
  const inputs = new Map<string, Buffer>();
  const files = new Map<string, Buffer | VideoSource>();
  let number = 0;
  let counter = 0;

  const classes = (): Record<string, NodeClass> => {
    const all = nodeClasses(options.models, [...inputs.keys()]);
    for (const name of options.missingNodes) delete all[name];
    return all;
  };

  function objectInfo(name: string, cls: NodeClass): Record<string, unknown> {
    return {
      input: { required: cls.required, ...(cls.optional ? { optional: cls.optional } : {}) },
      input_order: {
        required: Object.keys(cls.required),
        ...(cls.optional ? { optional: Object.keys(cls.optional) } : {}),
      },
      output: cls.output,
      output_is_list: cls.output.map(() => false),
      output_name: cls.output,
      name,
      display_name: name,
      description: '',
      python_module: 'nodes',
      category: 'fake',
      output_node: cls.outputNode === true,
    };
  }

  // ── lifecycle ──
  const queueItem = (p: FakePrompt): unknown[] => [p.number, p.id, p.prompt, p.extraData, p.outputs];

  function finish(p: FakePrompt): void {
    p.state = 'done';
    const start: [string, Record<string, unknown>] = ['execution_start', { prompt_id: p.id, timestamp: MESSAGE_TIME }];
    const texts = Object.values(p.prompt)
      .filter((n) => n.class_type === 'CLIPTextEncode')
      .map((n) => String(n.inputs.text));
    const sampler = Object.entries(p.prompt).find(
      ([, n]) => n.class_type === 'KSamplerAdvanced' || n.class_type === 'SamplerCustomAdvanced',
    );
    const entry = (status: string, messages: unknown[], outputs: Record<string, unknown>): void => {
      history.set(p.id, {
        prompt: queueItem(p),
        outputs,
        status: { status_str: status, completed: status === 'success', messages },
        meta: {},
      });
    };
    if (p.interrupted) {
      entry(
        'error',
        [
          start,
          [
            'execution_interrupted',
            {
              prompt_id: p.id,
              node_id: sampler?.[0] ?? '',
              node_type: sampler?.[1].class_type ?? '',
              executed: [],
              timestamp: MESSAGE_TIME,
            },
          ],
        ],
        {},
      );
      return;
    }
    if (texts.some((t) => hasTriggerWord(t, options.failWord))) {
      entry(
        'error',
        [
          start,
          [
            'execution_error',
            {
              prompt_id: p.id,
              node_id: sampler?.[0] ?? '',
              node_type: sampler?.[1].class_type ?? '',
              executed: [],
              exception_message:
                'Allocation on device would exceed allowed memory. (out of memory)\nCurrently allocated     : 23.10 GiB',
              exception_type: 'torch.OutOfMemoryError',
              traceback: ['  File "execution.py", line 1'],
              current_inputs: {},
              current_outputs: {},
              timestamp: MESSAGE_TIME,
            },
          ],
        ],
        {},
      );
      return;
    }
    const outputs: Record<string, unknown> = {};
    for (const id of p.outputs) {
      const node = p.prompt[id];
      if (!node) continue;
      const prefix = String(node.inputs.filename_prefix ?? 'ComfyUI');
      const slash = prefix.lastIndexOf('/');
      const subfolder = slash >= 0 ? prefix.slice(0, slash) : '';
      counter += 1;
      const extension = node.class_type === 'SaveVideo' ? 'mp4' : 'webp';
      const filename = `${slash >= 0 ? prefix.slice(slash + 1) : prefix}_${String(counter).padStart(5, '0')}_.${extension}`;
      files.set(
        `output/${subfolder}/${filename}`,
        extension === 'mp4' ? options.video : Buffer.from('RIFF\0\0\0\0WEBPVP8 fake'),
      );
      outputs[id] = { images: [{ filename, subfolder, type: 'output' }], animated: [true] };
    }
    entry(
      'success',
      [
        start,
        ['execution_cached', { nodes: [], prompt_id: p.id, timestamp: MESSAGE_TIME }],
        ['execution_success', { prompt_id: p.id, timestamp: MESSAGE_TIME }],
      ],
      outputs,
    );
  }

  function advance(p: FakePrompt): void {
    if (p.state === 'done') return;
    p.polls += 1;
    const step = Math.floor(p.polls / Math.max(1, options.pollsPerStep));
    if (step >= options.pendingSteps + options.runningSteps) finish(p);
    else if (step >= options.pendingSteps) p.state = 'running';
  }

  // ── routes ──
  function upload(record: ComfyRecordedRequest, raw: Buffer): Reply {
    const parts = parseMultipart(raw, record.headers['content-type'] ?? '');
    if (typeof parts === 'string') return textReply(400, 'text/plain; charset=utf-8', `400: ${parts}`);
    record.form = Object.fromEntries(parts.map((p) => [p.name, p.filename ?? p.data.toString('utf8')]));
    const image = parts.find((p) => p.name === 'image');
    const type = parts.find((p) => p.name === 'type')?.data.toString('utf8') ?? 'input';
    if (!['input', 'temp', 'output'].includes(type))
      return textReply(500, 'text/plain; charset=utf-8', '500 Internal Server Error');
    if (!image?.filename) return { status: 400, headers: {} };
    const subfolder = parts.find((p) => p.name === 'subfolder')?.data.toString('utf8') ?? '';
    const dot = image.filename.lastIndexOf('.');
    const [stem, extension] =
      dot > 0 ? [image.filename.slice(0, dot), image.filename.slice(dot)] : [image.filename, ''];
    let name = image.filename;
    for (
      let i = 1;
      inputs.has(`${subfolder ? `${subfolder}/` : ''}${name}`) &&
      !inputs.get(`${subfolder ? `${subfolder}/` : ''}${name}`)?.equals(image.data);
      i += 1
    ) {
      name = `${stem} (${i})${extension}`;
    }
    inputs.set(`${subfolder ? `${subfolder}/` : ''}${name}`, image.data);
    return json(200, { name, subfolder, type });
  }

  function queuePrompt(body: unknown): Reply {
    if (!isRecord(body))
      return json(400, {
        error: {
          type: 'invalid_prompt',
          message: 'Invalid prompt',
          details: 'the body is not a JSON object',
          extra_info: {},
        },
        node_errors: {},
      });
    if (!('prompt' in body))
      return json(400, {
        error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} },
        node_errors: {},
      });
    try {
      const outputs = validatePrompt(body.prompt, classes(), inputs);
      const extraData = {
        ...(isRecord(body.extra_data) ? body.extra_data : {}),
        ...(typeof body.client_id === 'string' ? { client_id: body.client_id } : {}),
      };
      const p: FakePrompt = {
        id: randomUUID(),
        number: number++,
        prompt: body.prompt as FakePrompt['prompt'],
        extraData,
        outputs,
        polls: 0,
        state: 'pending',
      };
      prompts.set(p.id, p);
      return json(200, { prompt_id: p.id, number: p.number, node_errors: {} });
    } catch (error) {
      if (!(error instanceof PromptError)) throw error;
      return json(400, { error: error.error, node_errors: error.nodeErrors });
    }
  }

  function queueState(): Reply {
    const live = [...prompts.values()].filter((p) => p.state !== 'done');
    return json(200, {
      queue_running: live.filter((p) => p.state === 'running').map(queueItem),
      queue_pending: live.filter((p) => p.state === 'pending').map(queueItem),
    });
  }

  function editQueue(body: unknown): Reply {
    if (!isRecord(body)) return textReply(500, 'text/plain; charset=utf-8', '500 Internal Server Error');
    const remove = (p: FakePrompt): void => void (p.state === 'pending' && prompts.delete(p.id));
    if (body.clear === true) [...prompts.values()].forEach(remove);
    if (Array.isArray(body.delete))
      for (const id of body.delete)
        if (typeof id === 'string' && prompts.get(id)) remove(prompts.get(id) as FakePrompt);
    return { status: 200, headers: {} };
  }

  function interrupt(body: unknown): Reply {
    const running = [...prompts.values()].find((p) => p.state === 'running');
    const target = isRecord(body) && typeof body.prompt_id === 'string' ? body.prompt_id : undefined;
    if (running && (target === undefined || target === running.id)) {
      running.interrupted = true;
      finish(running);
    }
    return { status: 200, headers: {} };
  }

  function view(query: URLSearchParams): Reply {
    const filename = query.get('filename');
    if (filename === null) return { status: 404, headers: {} };
    if (filename.startsWith('/') || filename.includes('..')) return { status: 400, headers: {} };
    const type = query.get('type') ?? 'output';
    const subfolder = query.get('subfolder') ?? '';
    if (subfolder.includes('..')) return { status: 403, headers: {} };
    const file = files.get(`${type}/${subfolder}/${filename}`);
    if (!file) return { status: 404, headers: {} };
    if (filename.endsWith('.mp4')) return videoReply(file, 'stream');
    return { status: 200, headers: { 'content-type': 'image/webp' }, body: file as Buffer };
  }

  function routeOf(method: string, rawPath: string): { route: ComfyRoute; arg?: string } | undefined {
    const path = rawPath.startsWith('/api/') ? rawPath.slice(4) : rawPath;
    const is = (m: string, p: string): boolean => method === m && path === p;
    if (is('POST', '/upload/image')) return { route: 'upload' };
    if (is('POST', '/prompt')) return { route: 'prompt' };
    if (is('GET', '/queue') || is('POST', '/queue')) return { route: 'queue' };
    if (is('POST', '/interrupt')) return { route: 'interrupt' };
    if (is('GET', '/view')) return { route: 'view' };
    if (is('GET', '/object_info')) return { route: 'object_info' };
    if (is('GET', '/models')) return { route: 'models' };
    const history = /^\/history\/([^/]+)$/.exec(path);
    if (history && method === 'GET') return { route: 'history', arg: decodeURIComponent(history[1] ?? '') };
    const info = /^\/object_info\/([^/]+)$/.exec(path);
    if (info && method === 'GET') return { route: 'object_info', arg: decodeURIComponent(info[1] ?? '') };
    const models = /^\/models\/([^/]+)$/.exec(path);
    if (models && method === 'GET') return { route: 'models', arg: decodeURIComponent(models[1] ?? '') };
    return undefined;
  }

  function work(target: ReturnType<typeof routeOf>, record: ComfyRecordedRequest, url: URL, raw: Buffer): Reply {
    if (!target) return textReply(404, 'text/plain; charset=utf-8', '404: Not Found');
    const body = record.json;
    const jsonBody = (): boolean =>
      mediaType(record.headers['content-type']) === 'application/json' || raw.length === 0;
    switch (target.route) {
      case 'upload':
        return upload(record, raw);
      case 'prompt':
        if (body === undefined) return textReply(500, 'text/plain; charset=utf-8', '500 Internal Server Error'); // aiohttp's request.json() raises
        return queuePrompt(body);
      case 'queue':
        if (record.method === 'GET') return queueState();
        return body === undefined
          ? textReply(500, 'text/plain; charset=utf-8', '500 Internal Server Error')
          : editQueue(body);
      case 'interrupt':
        if (!jsonBody()) return textReply(500, 'text/plain; charset=utf-8', '500 Internal Server Error');
        return interrupt(body);
      case 'history': {
        const p = prompts.get(target.arg ?? '');
        if (p) advance(p);
        const entry = history.get(target.arg ?? '');
        return json(200, entry ? { [target.arg ?? '']: entry } : {});
      }
      case 'view':
        return view(url.searchParams);
      case 'object_info': {
        const all = classes();
        if (target.arg !== undefined) {
          const cls = all[target.arg];
          return json(200, cls ? { [target.arg]: objectInfo(target.arg, cls) } : {});
        }
        return json(200, Object.fromEntries(Object.entries(all).map(([name, cls]) => [name, objectInfo(name, cls)])));
      }
      case 'models':
        if (target.arg === undefined) return json(200, Object.keys(options.models));
        return options.models[target.arg] ? json(200, options.models[target.arg]) : { status: 404, headers: {} };
    }
  }

  function faultReply(fault: ComfyFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return textReply(fault.status, 'text/plain; charset=utf-8', fault.body ?? `${fault.status}: injected`);
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"prompt_id": ');
      case 'missing-fields':
        return json(200, fault.body ?? {});
      default:
        return undefined;
    }
  }

  const handle = jsonApiHandler({
    routeOf,
    requests,
    faults,
    inject: faultReply,
    maxBodyBytes: options.maxBodyBytes,
    tooLarge: () => textReply(413, 'text/plain; charset=utf-8', '413: Request Entity Too Large'),
    work: ({ target, url, record, raw }) => work(target, record, url, raw),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    error: `Fake server bug: ${String(error)}`,
  }));

  return {
    ...fakeControls(server, requests, faults),
    url: server.origin,
    options,
    prompts,
    inputs,
    files,
    history,
    restart() {
      prompts.clear();
      history.clear();
    },
  };
}

// ───────────────────────────── shell entry ─────────────────────────────

function shellOptions(argv: string[]): Partial<ComfyFakeOptions> {
  const values = parseFlags(argv, { steps: TEXT, 'running-steps': TEXT, 'fail-word': TEXT, 'video-bytes': TEXT });
  return sharedOptions(values);
}

if (require.main === module) runFromShell('comfyuiServer', () => startComfyFake(shellOptions(process.argv.slice(2))));
