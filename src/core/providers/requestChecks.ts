/**
 * The checks a provider makes of a request against its model's catalog entry before anything is sent (size,
 * seconds, prompt length, last frame, the images), worded once so every provider refuses the same thing the same way.
 * Each provider keeps its own conditions (a size may be offered only in some modes); these say why it refuses.
 */
import * as l10n from '@vscode/l10n';
import { AnimateError } from '../errors';
import type { PreparedImage } from '../image/prepare';
import { formatSize } from '../types';
import { refuseUnsupportedExtras } from './catalog';
import type { ModelCapabilities, PreparedRequest, ProviderInfo } from './provider';

type Model = Pick<ModelCapabilities, 'id' | 'sizes' | 'seconds'>;

/** "{model} makes videos of {sizes}, not {size}." */
export function sizeRefused(model: Model, size: string): AnimateError {
  return new AnimateError(
    'bad-input',
    l10n.t('{0} makes videos of {1}, not {2}.', model.id, model.sizes.join(', '), size),
  );
}

/** Refuses a size the model does not list. */
export function refuseSize(model: Model, size: string): void {
  if (!model.sizes.includes(size)) throw sizeRefused(model, size);
}

/**
 * Refuses a duration the model does not list, naming the ones it does: as the catalog lists them (the default first),
 * or shortest first where that list is long and starts with a default in the middle.
 */
export function refuseSeconds(model: Model, seconds: number, order: 'listed' | 'ascending' = 'listed'): void {
  if (model.seconds.includes(seconds)) return;
  const offered = order === 'ascending' ? [...model.seconds].sort((a, b) => a - b) : model.seconds;
  throw new AnimateError(
    'bad-input',
    l10n.t('{0} makes clips of {1} seconds, not {2}.', model.id, offered.join(', '), seconds),
  );
}

/** Refuses a prompt longer than `who` (a model id or a provider's name) takes. */
export function refuseLongPrompt(prompt: string, who: string, maxLength: number): void {
  if (prompt.length <= maxLength) return;
  throw new AnimateError(
    'bad-input',
    l10n.t('The prompt has {0} characters; {1} takes at most {2}.', prompt.length, who, maxLength),
  );
}

/** A last frame given to a model that animates from a first frame only, naming the models that take one. */
export function lastFrameRefused(modelId: string, able: readonly string[]): AnimateError {
  return new AnimateError(
    'bad-input',
    l10n.t(
      '{0} animates from a first frame only; to animate between two images use {1}.',
      modelId,
      able.join(l10n.t(' or ')) || l10n.t('another model'),
    ),
  );
}

/** A request's images, the last frame only when given, each with its word for a message ("image", "last frame"). */
export function imagesOf(
  request: PreparedRequest,
): { readonly which: string; readonly image: PreparedImage; readonly last: boolean }[] {
  return [
    { which: l10n.t('image'), image: request.image, last: false },
    ...(request.lastFrame ? [{ which: l10n.t('last frame'), image: request.lastFrame, last: true }] : []),
  ];
}

/** Refuses an image (or last frame) whose encoding is over `maxBytes`; `say(which, bytes)` is the provider's sentence. */
export function refuseLargeImages(
  request: PreparedRequest,
  maxBytes: number,
  say: (which: string, bytes: number) => string,
): void {
  for (const { which, image } of imagesOf(request)) {
    if (image.bytes.byteLength > maxBytes) throw new AnimateError('bad-input', say(which, image.bytes.byteLength));
  }
}

/**
 * The usual checks in their usual order, for a model that takes what its catalog entry lists: size, seconds, prompt
 * length, a last frame (`takesLastFrame`, the entry's own unless the provider knows better), the extras.
 */
export function refuseOutsideCatalog(
  request: PreparedRequest,
  model: ModelCapabilities,
  info: ProviderInfo,
  takesLastFrame = model.lastFrame,
): void {
  refuseSize(model, formatSize(request.size));
  refuseSeconds(model, request.seconds);
  refuseLongPrompt(request.prompt, model.id, model.maxPromptLength);
  if (request.lastFrame && !takesLastFrame)
    throw lastFrameRefused(
      model.id,
      info.models.filter((m) => m.lastFrame).map((m) => m.id),
    );
  refuseUnsupportedExtras(request, model, info.label);
}
