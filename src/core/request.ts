import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { AnimateError } from './errors';
import { formatSize, parseSize, type ModelCapabilities, type ProviderInfo, type Size } from './providers/provider';

export const fitModes = ['crop', 'pad'] as const;
export type FitMode = (typeof fitModes)[number];

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
});
export type AnimationRequest = z.input<typeof animationRequestSchema>;

/** A request checked against one provider model: every field set and allowed. */
export interface ResolvedRequest {
  readonly image: string;
  readonly lastFrame?: string;
  readonly prompt: string;
  readonly provider: string;
  readonly model: string;
  readonly size: Size;
  readonly seconds: number;
  readonly fit: FitMode;
  readonly output?: string;
}

export function findModel(info: ProviderInfo, model: string | undefined): ModelCapabilities {
  const chosen = model === undefined ? info.models[0] : info.models.find((m) => m.id === model);
  if (chosen) return chosen;
  if (info.id === 'azure-openai' || info.id === 'azure-sora-jobs') {
    // Azure's "model" is the user's deployment name: any name, with the capabilities of the first model.
    const template = info.models[0];
    if (template && model) return { ...template, id: model, label: model };
  }
  throw new AnimateError('bad-input', `${info.label} has no model "${model}". Choose one of: ${info.models.map((m) => m.id).join(', ')}.`);
}

export function resolveRequest(input: AnimationRequest, info: ProviderInfo, cwd = process.cwd()): ResolvedRequest {
  const parsed = animationRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AnimateError('bad-input', `Invalid request: ${issue?.path.join('.') || 'value'}: ${issue?.message}`);
  }
  const request = parsed.data;
  const model = findModel(info, request.model);
  const sizeText = request.size ?? model.sizes[0];
  if (!sizeText || !model.sizes.includes(sizeText)) {
    throw new AnimateError('bad-input', `${info.label} (${model.id}) cannot make ${request.size}. Sizes: ${model.sizes.join(', ')}.`);
  }
  const seconds = request.seconds ?? model.seconds[0];
  if (seconds === undefined || !model.seconds.includes(seconds)) {
    throw new AnimateError('bad-input', `${info.label} (${model.id}) cannot make ${request.seconds} s. Durations: ${model.seconds.join(', ')} s.`);
  }
  if (request.prompt.length > model.maxPromptLength) {
    throw new AnimateError(
      'bad-input',
      `The prompt is ${request.prompt.length} characters; ${info.label} (${model.id}) takes at most ${model.maxPromptLength}. Shorten it.`,
    );
  }
  if (request.lastFrame !== undefined && !model.lastFrame) {
    throw new AnimateError('bad-input', `${info.label} (${model.id}) cannot animate between two images; pick a provider that takes a last frame.`);
  }
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
  };
}

export function describeRequest(request: ResolvedRequest): string {
  return `${request.provider}/${request.model} ${formatSize(request.size)} ${request.seconds}s`;
}
