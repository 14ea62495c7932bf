// Presets checked against the catalog before they run: one naming a model the provider has retired gets a message
// with the successor, instead of a quiet switch to another model (form) or a generic refusal. Pure, unit-tested.
import { lifecycleOf } from '../../core/providers/catalog';
import type { ProviderInfo } from '../../core/providers/provider';
import type { Preset } from '../../shared/protocol';
import type { Translate } from '../platform/translate';

export interface RetiredPresetModel {
  readonly preset: string;
  readonly providerLabel: string;
  readonly model: string;
  /** `YYYY-MM-DD`, when the provider published one. */
  readonly date?: string;
  readonly successor?: string;
}

/**
 * The preset's model when the provider has retired it, else undefined. `defaultProvider` is the provider a preset
 * without one runs with. A deployment name that happens to be spelled like a retired model is the user's own (Azure).
 */
export function retiredPresetModel(
  preset: Preset,
  infos: readonly ProviderInfo[],
  defaultProvider: string,
): RetiredPresetModel | undefined {
  if (preset.model === undefined) return undefined;
  const info = infos.find((i) => i.id === (preset.provider ?? defaultProvider));
  if (!info || info.deploymentNames || info.models.some((m) => m.id === preset.model)) return undefined;
  const retired = info.retiredModels?.find((m) => m.id === preset.model);
  if (!retired) return undefined;
  const lifecycle = lifecycleOf(retired);
  return {
    preset: preset.name,
    providerLabel: info.label,
    model: retired.id,
    ...(lifecycle.state === 'retired' && lifecycle.date ? { date: lifecycle.date } : {}),
    ...(lifecycle.state === 'retired' && lifecycle.successor ? { successor: lifecycle.successor } : {}),
  };
}

/** The message for a retired preset model (`t` is `vscode.l10n.t` in the extension). */
export function retiredPresetText(found: RetiredPresetModel, t: Translate): string {
  const when = found.date ? t('on {0}', found.date) : t('(no date published)');
  return found.successor
    ? t(
        'Preset "{0}" uses {1} model {2}, which the provider retired {3}. Change the preset\'s model to its successor, {4}.',
        found.preset,
        found.providerLabel,
        found.model,
        when,
        found.successor,
      )
    : t(
        'Preset "{0}" uses {1} model {2}, which the provider retired {3}. Change the preset\'s model to one the form offers.',
        found.preset,
        found.providerLabel,
        found.model,
        when,
      );
}

/** Every preset's problem by name, for the form (shown when that preset is picked). */
export function presetProblems(
  presets: readonly Preset[],
  infos: readonly ProviderInfo[],
  defaultProvider: string,
  t: Translate,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const preset of presets) {
    const found = retiredPresetModel(preset, infos, defaultProvider);
    if (found) problems[preset.name] = retiredPresetText(found, t);
  }
  return problems;
}
