// How the form's starting values are put together from settings, last used values, a preset and
// command arguments. Shared (no vscode, no node:, no DOM): the host and the webview both layer values.
import type { FormValues, ModelView, Preset } from './protocol';

/** Some of the form's values; later layers win. */
/** Any field may be missing or explicitly unset (zod's optional fields are `T | undefined`). */
export type ValueLayer = { [Key in keyof FormValues]?: FormValues[Key] | undefined };

export interface ProviderChoices {
  readonly id: string;
  readonly models: readonly ModelView[];
}

/**
 * Applies layers in order (later wins). A layer that switches the provider drops the model, size and
 * duration chosen for the previous provider unless it names its own: a Sora size means nothing locally.
 */
export function mergeValues(layers: ReadonlyArray<ValueLayer | undefined>): ValueLayer {
  let merged: ValueLayer = {};
  for (const layer of layers) {
    if (!layer) continue;
    const defined = withoutUndefined(layer);
    if (defined.provider !== undefined && defined.provider !== merged.provider) {
      const { model: _model, size: _size, seconds: _seconds, ...rest } = merged;
      merged = rest;
    }
    merged = { ...merged, ...defined };
  }
  return merged;
}

export function presetLayer(preset: Preset): ValueLayer {
  const { name, ...values } = preset;
  return { ...values, preset: name };
}

export function findPreset(presets: readonly Preset[], name: string | undefined): Preset | undefined {
  if (name === undefined) return undefined;
  return presets.find((p) => p.name === name);
}

/**
 * Complete values the form can show: each choice snapped to what the provider/model offers
 * (unknown provider → the first one, unknown model → its first model, and so on).
 */
export function fitToCapabilities(values: ValueLayer, providers: readonly ProviderChoices[]): FormValues {
  const provider = providers.find((p) => p.id === values.provider) ?? providers[0];
  if (!provider) throw new Error('no providers');
  const model = provider.models.find((m) => m.id === values.model) ?? provider.models[0];
  if (!model) throw new Error(`provider ${provider.id} has no models`);
  const size = values.size !== undefined && model.sizes.includes(values.size) ? values.size : model.sizes[0];
  const seconds =
    values.seconds !== undefined && model.seconds.includes(values.seconds) ? values.seconds : model.seconds[0];
  if (size === undefined || seconds === undefined) throw new Error(`model ${model.id} offers no size or duration`);
  // Extras stay only while the chosen model takes them (the form shows only those fields).
  const takes = model.extras ?? [];
  return {
    prompt: values.prompt ?? '',
    provider: provider.id,
    model: model.id,
    size,
    seconds,
    fit: values.fit ?? 'crop',
    ...(values.preset !== undefined ? { preset: values.preset } : {}),
    ...(values.negativePrompt && takes.includes('negativePrompt') ? { negativePrompt: values.negativePrompt } : {}),
    ...(values.seed !== undefined && takes.includes('seed') ? { seed: values.seed } : {}),
    ...(values.audio !== undefined && takes.includes('audio') ? { audio: values.audio } : {}),
    ...(values.enhancePrompt !== undefined && takes.includes('enhancePrompt')
      ? { enhancePrompt: values.enhancePrompt }
      : {}),
  };
}

function withoutUndefined(layer: ValueLayer): ValueLayer {
  return Object.fromEntries(Object.entries(layer).filter(([, value]) => value !== undefined));
}
