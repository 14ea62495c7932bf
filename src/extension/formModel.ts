// What the form (and the no-form paths) start from: provider/model choices from the registry's
// capabilities, and values merged from settings, last used values, a preset and command arguments.
import type { ModelCapabilities, ProviderInfo } from '../core/providers/provider';
import { findModel } from '../core/request';
import type { FormValues, ModelView, Preset, ProviderView } from '../shared/protocol';
import { needsPrompt } from './formValidation';
import { fitToCapabilities, mergeValues, presetLayer, settingsLayer, type ValueLayer } from './presets';
import type { Settings } from './settingsSchema';

export function modelView(model: ModelCapabilities): ModelView {
  return { id: model.id, label: model.label, sizes: [...model.sizes], seconds: [...model.seconds], maxPromptLength: model.maxPromptLength };
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
): ProviderView[] {
  return infos.map((info) => {
    const models = info.models.map(modelView);
    for (const layer of extraModels) {
      if (layer.provider !== info.id || !layer.model || models.some((m) => m.id === layer.model)) continue;
      const accepted = tryFindModel(info, layer.model);
      if (accepted) models.push(modelView(accepted));
    }
    const { endpoint, problem } = destination(info);
    return {
      id: info.id,
      label: info.label,
      needsKey: info.needsKey,
      hasKey: hasKey(info),
      models,
      ...(needsPrompt(info.id) ? { needsPrompt: true } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(problem ? { endpointProblem: problem } : {}),
    };
  });
}

export interface ValueSources {
  readonly settings: Settings;
  readonly last?: FormValues;
  readonly preset?: Preset;
  readonly args?: ValueLayer;
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
