import * as l10n from '@vscode/l10n';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { AnimateError } from './errors';
import {
  customModelProviders,
  describeLifecycle,
  extraNames,
  extrasOf,
  lifecycleOf,
  live,
  type ExtraName,
  type Lifecycle,
} from './providers/catalog';
import { prepareImage, prepareSource, type Decoder, type PreparedImage } from './image/prepare';
import {
  type ModelCapabilities,
  type PreparedRequest,
  type ProviderInfo,
  type RequestExtras,
} from './providers/provider';
import { formatSize, parseSize, type Size } from './types';

/** `smart` is a cover-crop placed around the picture's subject instead of its centre. */
export const fitModes = ['crop', 'smart', 'pad'] as const;
export type FitMode = (typeof fitModes)[number];

/** The largest seed every provider that takes one accepts (Runway, DashScope: 0 … 2^31 − 1). */
export const MAX_SEED = 2_147_483_647;
/** Our guard for the negative prompt (DashScope takes 500 characters, the others document none). */
export const MAX_NEGATIVE_PROMPT_LENGTH = 500;

/** What a user asks for, from the form, a preset or CLI flags. Unset fields take the provider's defaults. */
export const animationRequestSchema = z.object({
  image: z.string().min(1, 'an image path is required'),
  lastFrame: z.string().min(1).optional(),
  prompt: z.string().trim().default(''),
  provider: z.string().min(1).default('local'),
  model: z.string().min(1).optional(),
  size: z
    .string()
    .regex(/^\d{1,5}x\d{1,5}$/, 'size must look like 1280x720')
    .optional(),
  seconds: z.number().int().positive().optional(),
  fit: z.enum(fitModes).default('crop'),
  output: z.string().min(1).optional(),
  /** What must not appear in the video; only for models whose catalog entry lists `negativePrompt`. */
  negativePrompt: z
    .string()
    .trim()
    .max(MAX_NEGATIVE_PROMPT_LENGTH, `the negative prompt takes at most ${MAX_NEGATIVE_PROMPT_LENGTH} characters`)
    .optional(),
  seed: z.number().int().min(0).max(MAX_SEED, `the seed must be a whole number from 0 to ${MAX_SEED}`).optional(),
  /** Generate an audio track (true) or a silent video (false). */
  audio: z.boolean().optional(),
  /** Let the provider rewrite the prompt with an LLM. */
  enhancePrompt: z.boolean().optional(),
});
export type AnimationRequest = z.input<typeof animationRequestSchema>;

/** A request checked against one provider model: every field set and allowed. */
export interface ResolvedRequest {
  readonly image: string;
  readonly lastFrame?: string | undefined;
  readonly prompt: string;
  readonly provider: string;
  readonly model: string;
  readonly size: Size;
  readonly seconds: number;
  readonly fit: FitMode;
  readonly output?: string | undefined;
  /** Only the extras the user set, each one the model takes. */
  readonly extras?: RequestExtras | undefined;
  /** Worth telling the user before paying (e.g. the model is deprecated and will be shut down on a date). */
  readonly warnings?: readonly string[] | undefined;
}

const extraLabels: Readonly<Record<ExtraName, string>> = {
  negativePrompt: 'a negative prompt',
  seed: 'a seed',
  audio: 'switching audio on or off',
  enhancePrompt: 'prompt enhancement',
};

/**
 * The model `model` names (the provider's default when unset). Retired models are found too — a job already submitted
 * to one must still resume — so new jobs go through `resolveRequest`, which refuses them.
 */
export function findModel(info: ProviderInfo, model: string | undefined): ModelCapabilities {
  // A deployment name is the user's own: it is not the retired catalog model of the same spelling.
  const known = info.deploymentNames ? info.models : [...info.models, ...(info.retiredModels ?? [])];
  const chosen = model === undefined ? info.models[0] : known.find((m) => m.id === model);
  if (chosen) return chosen;
  // An Azure deployment name or a model of an OpenAI-compatible server: any name, with the first model's
  // capabilities. Whether it still answers is the server's to say (the catalog cannot know a user's deployment).
  const template = info.models[0] ?? info.retiredModels?.[0];
  if (info.anyModelId && template && model) {
    const named: ModelCapabilities & { readonly lifecycle: Lifecycle } = {
      ...template,
      id: model,
      label: model,
      lifecycle: live,
    };
    return named;
  }
  const custom = (customModelProviders as readonly string[]).includes(info.id)
    ? ` ${l10n.t("To use a model this version does not list, add it as a custom model with its sizes and durations (the animateImage.customModels setting, or the CLI's --custom-models file).")}`
    : '';
  if (info.models.length === 0) {
    const why =
      info.lifecycle && info.lifecycle.state !== 'live'
        ? l10n.t('{0} is {1}.', info.label, describeLifecycle(info.lifecycle))
        : l10n.t('{0} offers no model for new jobs.', info.label);
    const asked = model === undefined ? '' : ` ${l10n.t('(asked for "{0}".)', model)}`;
    throw new AnimateError('bad-input', `${why}${info.note ? ` ${info.note}` : ''}${asked}${custom}`);
  }
  throw new AnimateError(
    'bad-input',
    l10n.t(
      '{0} has no model "{1}". Choose one of: {2}.',
      info.label,
      model ?? '',
      info.models.map((m) => m.id).join(', '),
    ) + custom,
  );
}

/** The extras set in `request`, refused (naming the models that take them) when `model` cannot honour one. */
function checkedExtras(
  request: z.output<typeof animationRequestSchema>,
  info: ProviderInfo,
  model: ModelCapabilities,
): RequestExtras | undefined {
  const extras: RequestExtras = {
    ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.audio !== undefined ? { audio: request.audio } : {}),
    ...(request.enhancePrompt !== undefined ? { enhancePrompt: request.enhancePrompt } : {}),
  };
  const set = extraNames.filter((name) => extras[name] !== undefined);
  if (set.length === 0) return undefined;
  const takes = extrasOf(model);
  for (const name of set) {
    if (takes.includes(name)) continue;
    const able = info.models.filter((m) => extrasOf(m).includes(name)).map((m) => m.id);
    const where =
      able.length > 0
        ? l10n.t('Models of {0} that take it: {1}.', info.label, able.join(', '))
        : l10n.t('No model of {0} takes it.', info.label);
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} ({1}) cannot take {2} ({3}). {4} Remove it or pick one of those.',
        info.label,
        model.id,
        extraLabels[name],
        name,
        where,
      ),
    );
  }
  return extras;
}

export function resolveRequest(input: AnimationRequest, info: ProviderInfo, cwd = process.cwd()): ResolvedRequest {
  const parsed = animationRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AnimateError(
      'bad-input',
      l10n.t('Invalid request: {0}: {1}', issue?.path.join('.') || 'value', issue?.message ?? ''),
    );
  }
  const request = parsed.data;
  const model = findModel(info, request.model);
  const lifecycle = lifecycleOf(model);
  if (lifecycle.state === 'retired') {
    const offered = info.models.map((m) => m.id).join(', ');
    throw new AnimateError(
      'bad-input',
      (lifecycle.date
        ? l10n.t(
            '{0} model {1} was retired by the provider on {2}; new jobs cannot use it.',
            info.label,
            model.id,
            lifecycle.date,
          )
        : l10n.t('{0} model {1} was retired by the provider; new jobs cannot use it.', info.label, model.id)) +
        (lifecycle.successor ? ` ${l10n.t('Its successor is {0}.', lifecycle.successor)}` : '') +
        (offered ? ` ${l10n.t('Models offered here: {0}.', offered)}` : ''),
    );
  }
  const sizeText = request.size ?? model.sizes[0];
  if (!sizeText || !model.sizes.includes(sizeText)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} ({1}) cannot make {2}. Sizes: {3}.',
        info.label,
        model.id,
        request.size ?? '',
        model.sizes.join(', '),
      ),
    );
  }
  const seconds = request.seconds ?? model.seconds[0];
  if (seconds === undefined || !model.seconds.includes(seconds)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} ({1}) cannot make {2} s. Durations: {3} s.',
        info.label,
        model.id,
        request.seconds ?? '',
        model.seconds.join(', '),
      ),
    );
  }
  if (request.prompt.length > model.maxPromptLength) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'The prompt is {0} characters; {1} ({2}) takes at most {3}. Shorten it.',
        request.prompt.length,
        info.label,
        model.id,
        model.maxPromptLength,
      ),
    );
  }
  if (request.lastFrame !== undefined && !model.lastFrame) {
    const able = info.models.filter((m) => m.lastFrame).map((m) => m.id);
    throw new AnimateError(
      'bad-input',
      able.length > 0
        ? l10n.t(
            '{0} ({1}) cannot animate between two images; models of {0} that take a last frame: {2}.',
            info.label,
            model.id,
            able.join(', '),
          )
        : l10n.t(
            '{0} ({1}) cannot animate between two images; pick a provider that takes a last frame.',
            info.label,
            model.id,
          ),
    );
  }
  if (request.lastFrame === undefined && (model as { lastFrameRequired?: boolean }).lastFrameRequired) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} ({1}) animates between two images only: give a last frame too, or pick another model.',
        info.label,
        model.id,
      ),
    );
  }
  const extras = checkedExtras(request, info, model);
  const warnings = [
    ...(lifecycle.state === 'deprecated' ? [l10n.t('{0} is {1}.', model.id, describeLifecycle(lifecycle))] : []),
    ...(info.lifecycle && info.lifecycle.state !== 'live'
      ? [
          l10n.t(
            '{0} is {1}; this works only while your endpoint still answers.',
            info.label,
            describeLifecycle(info.lifecycle),
          ),
        ]
      : []),
  ];
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    image: absolute(request.image),
    ...(request.lastFrame === undefined ? {} : { lastFrame: absolute(request.lastFrame) }),
    prompt: request.prompt,
    provider: info.id,
    model: model.id,
    size: parseSize(sizeText),
    seconds,
    fit: request.fit,
    ...(request.output === undefined ? {} : { output: absolute(request.output) }),
    ...(extras ? { extras } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

export function describeRequest(request: ResolvedRequest): string {
  const extras = request.extras;
  const parts = [
    extras?.negativePrompt ? 'negative prompt' : '',
    extras?.seed !== undefined ? `seed ${extras.seed}` : '',
    extras?.audio !== undefined ? `audio ${extras.audio ? 'on' : 'off'}` : '',
    extras?.enhancePrompt !== undefined ? `prompt enhancement ${extras.enhancePrompt ? 'on' : 'off'}` : '',
  ].filter((p) => p);
  return `${request.provider}/${request.model} ${formatSize(request.size)} ${request.seconds}s${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Reads the request's image(s) and makes them what the model takes (its `imageInput`): decoded once, and encoded
 * only for an upload. Every problem with a file is a `bad-input` error here, before anything is submitted.
 */
export async function prepareRequest(
  info: ProviderInfo,
  request: ResolvedRequest,
  decode?: Decoder,
): Promise<PreparedRequest> {
  const model = findModel(info, request.model);
  const prepare = (path: string): Promise<PreparedImage> =>
    model.imageInput === 'source'
      ? prepareSource(path, decode)
      : prepareImage(path, {
          size: request.size,
          fit: request.fit,
          maxBytes: model.maxImageBytes,
          ...(decode ? { decode } : {}),
        });
  const image = await prepare(request.image);
  const lastFrame = request.lastFrame === undefined ? undefined : await prepare(request.lastFrame);
  return {
    prompt: request.prompt,
    model: request.model,
    size: request.size,
    seconds: request.seconds,
    image,
    ...(lastFrame ? { lastFrame } : {}),
    ...(request.extras ? { extras: request.extras } : {}),
  };
}
