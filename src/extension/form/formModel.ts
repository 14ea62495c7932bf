// What the form (and the no-form paths) start from: provider/model choices from the registry's
// capabilities, and values merged from settings, last used values, a preset and command arguments.
import { localProviderId } from '../../core/providers/local';
import { extrasOf, lifecycleOf, type Lifecycle } from '../../core/providers/catalog';
import type { ModelCapabilities, ProviderInfo } from '../../core/providers/provider';
import { findModel } from '../../core/request';
import type { FormValues, ModelView, Preset, ProviderView } from '../../shared/protocol';
import { needsPrompt } from '../../shared/formValidation';
import { fitToCapabilities, mergeValues, presetLayer, type ValueLayer } from '../../shared/valueLayers';
import type { Settings } from '../settings/settingsSchema';
import type { Motion } from '../../shared/motion';

/** The provider that films the camera move itself (motion, fps, loop; the form previews its move). */
export const LOCAL_PROVIDER = localProviderId;

/** Says when a deprecated model ends and what follows it (undefined for a live one); the host passes a translated one. */
export type LifecycleText = (lifecycle: Lifecycle) => string | undefined;

/** English, for tests and hosts without translations. */
export const englishLifecycle: LifecycleText = (lifecycle) => {
  if (lifecycle.state !== 'deprecated') return undefined;
  return `Deprecated by the provider; shuts down on ${lifecycle.date}${lifecycle.successor ? `. Successor: ${lifecycle.successor}` : ''}.`;
};

export function modelView(model: ModelCapabilities, lifecycleText: LifecycleText = englishLifecycle): ModelView {
  const extras = extrasOf(model);
  const note = lifecycleText(lifecycleOf(model));
  return {
    id: model.id,
    label: model.label,
    sizes: [...model.sizes],
    seconds: [...model.seconds],
    maxPromptLength: model.maxPromptLength,
    ...(extras.length > 0 ? { extras: [...extras] } : {}),
    ...(note ? { lifecycleNote: note } : {}),
    ...((model as { custom?: boolean }).custom ? { custom: true } : {}),
  };
}

/**
 * Every provider in `infos` with its models. Model names the user chose elsewhere (default model setting, last values,
 * presets, arguments) are added when the provider accepts them (an Azure deployment name, for instance).
 */
export function providerViews(
  infos: readonly ProviderInfo[],
  extraModels: ReadonlyArray<ValueLayer>,
  hasKey: (info: ProviderInfo) => boolean,
  destination: (info: ProviderInfo) => { readonly endpoint?: string; readonly problem?: string } = () => ({}),
  lifecycleText: LifecycleText = englishLifecycle,
): ProviderView[] {
  return infos.map((info) => {
    // Retired models are not in `models` (only in `retiredModels`): never offered for a new job.
    const models = info.models.map((m) => modelView(m, lifecycleText));
    for (const layer of extraModels) {
      if (layer.provider !== info.id || !layer.model || models.some((m) => m.id === layer.model)) continue;
      const accepted = tryFindModel(info, layer.model);
      if (accepted && lifecycleOf(accepted).state !== 'retired') models.push(modelView(accepted, lifecycleText));
    }
    const { endpoint, problem } = destination(info);
    return {
      id: info.id,
      label: info.label,
      needsKey: info.needsKey,
      hasKey: hasKey(info),
      models,
      ...(needsPrompt(info.id) ? { needsPrompt: true } : {}),
      ...(info.id === LOCAL_PROVIDER ? { camera: true } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(problem ? { endpointProblem: problem } : {}),
    };
  });
}

export interface ValueSources {
  readonly settings: Settings;
  readonly last?: FormValues | undefined;
  readonly preset?: Preset | undefined;
  readonly args?: ValueLayer | undefined;
}

/** Layers in order of strength: settings < last used < preset < command arguments. */
export function valueLayers(sources: ValueSources): ValueLayer[] {
  const layers: ValueLayer[] = [settingsLayer(sources.settings)];
  if (sources.last) layers.push(lastLayer(sources.last));
  if (sources.preset) layers.push(presetLayer(sources.preset));
  if (sources.args) layers.push(sources.args);
  return layers;
}

export function initialValues(sources: ValueSources, providers: readonly ProviderView[]): FormValues {
  return fitToCapabilities(mergeValues(valueLayers(sources)), providers);
}

/** The last run's preset name is not carried over (the values may have been edited since). */
function lastLayer(last: FormValues): ValueLayer {
  const { preset: _preset, ...values } = last;
  return values;
}

function tryFindModel(info: ProviderInfo, model: string): ModelCapabilities | undefined {
  try {
    return findModel(info, model);
  } catch {
    return undefined;
  }
}

/**
 * The form's camera options as the local provider's options for this job (undefined for another provider, which
 * takes the motion from the prompt, or when none is set). The provider checks them again (localOptionsSchema).
 */
export function cameraOptions(values: ValueLayer): { motion?: Motion; fps?: number; loop?: boolean } | undefined {
  if (values.provider !== LOCAL_PROVIDER) return undefined;
  const options = {
    ...(values.motion !== undefined ? { motion: values.motion } : {}),
    ...(values.fps !== undefined ? { fps: values.fps } : {}),
    ...(values.loop ? { loop: true } : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * The camera options set for a provider that does not take them (its model reads the motion from the prompt): dropped,
 * as the form drops them, and only logged.
 */
export function ignoredCameraOptions(values: ValueLayer): Array<'motion' | 'fps' | 'loop'> {
  if (values.provider === LOCAL_PROVIDER) return [];
  return (['motion', 'fps', 'loop'] as const).filter((name) => values[name] !== undefined);
}

/** Values for a run without the form: settings < preset < arguments (not the last used values: reproducible). */
export function runValues(settings: Settings, preset: Preset | undefined, args: ValueLayer): ValueLayer {
  return mergeValues(valueLayers({ settings, preset, args }));
}

/** The settings' default provider and model as the bottom layer of the form's values. */
export function settingsLayer(settings: Settings): ValueLayer {
  return { provider: settings.defaultProvider, ...(settings.defaultModel ? { model: settings.defaultModel } : {}) };
}
