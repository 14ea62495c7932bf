// "Animate between images" (first → last frame): which providers can, and the command's arguments. Pure (no vscode), unit-tested.
import type { ModelCapabilities, ProviderInfo } from '../../core/providers/provider';
import { isImagePath } from './imageFiles';

/** A provider with only its models that take a last frame. */
export interface LastFrameProvider {
  readonly info: ProviderInfo;
  readonly models: readonly ModelCapabilities[];
}

/** Providers that can animate between two images, each with only the models that can. */
export function lastFrameProviders(infos: readonly ProviderInfo[]): LastFrameProvider[] {
  return infos.flatMap((info) => {
    const models = info.models.filter((m) => m.lastFrame);
    return models.length > 0 ? [{ info, models }] : [];
  });
}

/**
 * Of those, the ones the user has set up (key and address in place, per `isReady`), plus `wanted` when the user named
 * it: it is then told what is missing instead of being switched silently.
 */
export function readyLastFrameProviders(
  candidates: readonly LastFrameProvider[],
  isReady: (info: ProviderInfo) => boolean,
  wanted?: string,
): LastFrameProvider[] {
  return candidates.filter((c) => c.info.id === wanted || isReady(c.info));
}

/**
 * The provider to use: the wanted one when it can take a last frame, else the first that can
 * (`switched` says the wanted one could not, so the user is told).
 */
export function chooseLastFrameProvider(
  candidates: readonly LastFrameProvider[],
  wanted: string | undefined,
): { readonly provider: LastFrameProvider; readonly switched: boolean } | undefined {
  const match = candidates.find((c) => c.info.id === wanted);
  if (match) return { provider: match, switched: false };
  const first = candidates[0];
  return first ? { provider: first, switched: wanted !== undefined } : undefined;
}

/**
 * The model to use for a last-frame provider: the wanted one if it takes a last frame, else the first that does.
 * An Azure deployment name (not in the list) is kept: its capabilities are those of the provider's first model.
 */
export function chooseLastFrameModel(provider: LastFrameProvider, wanted: string | undefined): string | undefined {
  if (wanted === undefined) return provider.models[0]?.id;
  if (provider.models.some((m) => m.id === wanted)) return wanted;
  const known = provider.info.models.some((m) => m.id === wanted);
  if (
    !known &&
    (provider.info.id === 'azure-openai' || provider.info.id === 'azure-sora-jobs') &&
    provider.info.models[0]?.lastFrame
  )
    return wanted;
  return provider.models[0]?.id;
}

/** Anything with a path (a `vscode.Uri` in the extension). */
export interface PathLike {
  readonly path: string;
}

export type BetweenArgs<T extends PathLike> =
  | { readonly ok: true; readonly first: T; readonly last: T }
  | { readonly ok: false; readonly reason: 'count' | 'not-image' | 'same' };

/**
 * The explorer passes `(clicked, selection)`. Exactly two images are needed, in selection order: the first is
 * the first frame, the second the last frame.
 */
export function betweenArgs<T extends PathLike>(
  uri: unknown,
  uris: unknown,
  isT: (value: unknown) => value is T,
): BetweenArgs<T> {
  const selected = Array.isArray(uris) ? uris.filter(isT) : isT(uri) ? [uri] : [];
  if (selected.length !== 2) return { ok: false, reason: 'count' };
  const [first, last] = selected as [T, T];
  if (!isImagePath(first.path) || !isImagePath(last.path)) return { ok: false, reason: 'not-image' };
  if (first.path === last.path) return { ok: false, reason: 'same' };
  return { ok: true, first, last };
}
