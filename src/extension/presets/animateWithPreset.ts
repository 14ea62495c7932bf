import * as vscode from 'vscode';
import type { Preset } from '../../shared/protocol';
import { directValues, startAnimation } from '../animate/animateFlow';
import { retiredPresetModel, retiredPresetText } from './presetCheck';
import { resolveImages } from '../animate/imageTargets';
import { LOCAL_PROVIDER } from '../form/formModel';
import { moveLabels } from '../form/strings';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';

/** "Animate image with preset…": pick a preset from the settings and run it on the images, no form. */
export function registerAnimateWithPreset(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.AnimateWithPreset, (uri?: unknown, uris?: unknown) =>
    run(services, uri, uris),
  );
}

async function run(services: Services, uri: unknown, uris: unknown): Promise<void> {
  const presets = services.settings.read().presets;
  if (presets.length === 0) return offerToAddPresets();
  const images = await resolveImages(uri, uris);
  if (images.length === 0) return;
  const defaultProvider = services.settings.read().defaultProvider;
  const preset = await pickPreset(presets, images.length, (p) => (p.provider ?? defaultProvider) === LOCAL_PROVIDER);
  if (!preset) return;
  const retired = retiredPresetModel(preset, services.providers.infos(), defaultProvider);
  if (retired) {
    void vscode.window.showErrorMessage(
      retiredPresetText(retired, (message, ...args) => vscode.l10n.t(message, ...args)),
    );
    return;
  }
  const started = await startAnimation(services, images, directValues(services, preset, {}));
  if (!started.ok && started.message)
    void vscode.window.showErrorMessage(vscode.l10n.t('Preset "{0}": {1}', preset.name, started.message));
}

async function pickPreset(
  presets: readonly Preset[],
  count: number,
  filmsCamera: (preset: Preset) => boolean,
): Promise<Preset | undefined> {
  const items = presets.map((preset) => ({
    label: preset.name,
    description: [
      preset.provider,
      preset.model,
      preset.size,
      preset.seconds !== undefined ? `${preset.seconds} s` : undefined,
      preset.fit,
      // The camera options only where they apply (the local provider); another provider reads the prompt.
      ...(filmsCamera(preset)
        ? [
            preset.motion !== undefined ? moveLabels()[preset.motion] : undefined,
            preset.fps !== undefined ? vscode.l10n.t('{0} fps', preset.fps) : undefined,
            preset.loop ? vscode.l10n.t('seamless loop') : undefined,
          ]
        : []),
      preset.also?.length
        ? vscode.l10n.t('also as {0}', preset.also.map((f) => (f === 'gif' ? 'GIF' : 'WebP')).join(', '))
        : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    ...(preset.prompt ? { detail: preset.prompt } : {}),
    preset,
  }));
  const title =
    count === 1 ? vscode.l10n.t('Animate with preset') : vscode.l10n.t('Animate {0} images with preset', count);
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Choose a preset'),
    matchOnDetail: true,
  });
  return picked?.preset;
}

async function offerToAddPresets(): Promise<void> {
  const open = vscode.l10n.t('Open Settings');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'No presets yet. Add some to the animateImage.presets setting (name, prompt, provider, model, size, seconds, fit, motion, fps, loop, also).',
    ),
    open,
  );
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'animateImage.presets');
}
