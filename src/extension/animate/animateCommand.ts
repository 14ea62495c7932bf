import * as vscode from 'vscode';
import { commandOptions, directValues, startAnimation } from './animateFlow';
import type { AnimateResult } from './animateOptions';
import { FormPanel } from '../form/formPanel';
import { resolveImages } from './imageTargets';
import { findPreset } from '../../shared/valueLayers';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';

/**
 * "Animate image": `(uri?, uris?, options?)`. Opens the form for the images, or with `options.skipForm`
 * runs straight away and resolves to one `AnimateResult` per image (see animateOptions.ts for the API).
 */
export function registerAnimate(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.Animate, (uri?: unknown, uris?: unknown, rawOptions?: unknown) =>
    animate(services, uri, uris, rawOptions),
  );
}

async function animate(
  services: Services,
  uri: unknown,
  uris: unknown,
  rawOptions: unknown,
): Promise<AnimateResult[] | undefined> {
  const { skipForm, preset: presetName, ...args } = commandOptions(CommandId.Animate, rawOptions);
  const images = await resolveImages(uri, uris);
  if (images.length === 0) {
    if (uri !== undefined)
      void vscode.window.showWarningMessage(vscode.l10n.t('Choose PNG, JPEG or WebP images to animate.'));
    return undefined;
  }
  const preset = findPreset(services.settings.read().presets, presetName);
  if (presetName !== undefined && !preset)
    throw new Error(vscode.l10n.t('No preset named "{0}" in animateImage.presets.', presetName));
  if (!skipForm) {
    FormPanel.show(services, images, { ...args, ...(presetName !== undefined ? { preset: presetName } : {}) });
    return undefined;
  }
  const started = await startAnimation(services, images, directValues(services, preset, args));
  if (!started.ok) {
    if (started.message) void vscode.window.showErrorMessage(started.message);
    throw new Error(started.message || vscode.l10n.t('Not started.'));
  }
  return started.results;
}
