import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnimateOptions, AnimateResult } from '../animateOptions';
import type { Services } from '../services';
import { CommandId } from './ids';

/** The bundled sample's name once copied: specific enough never to be someone's own file. */
export const sampleFileName = 'animate-image-sample.jpg';

/**
 * The walkthrough's last step: copies the bundled `media/sample.jpg` into the first workspace folder (or a temp folder
 * when none is open on disk) and animates it with the offline local provider: no key, no network, no cost.
 * An existing copy is reused, never overwritten. Resolves to the animate command's results.
 */
export function registerAnimateSample(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.AnimateSample, () => animateSample(services));
}

async function animateSample(services: Services): Promise<AnimateResult[] | undefined> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri ?? vscode.Uri.file(await mkdtemp(join(tmpdir(), 'animate-image-sample-')));
  const target = vscode.Uri.joinPath(folder, sampleFileName);
  const source = vscode.Uri.joinPath(services.extensionUri, 'media', 'sample.jpg');
  try {
    await vscode.workspace.fs.copy(source, target, { overwrite: false });
    services.log.info(`sample copied to ${target.fsPath}`);
  } catch (error) {
    if (!(error instanceof vscode.FileSystemError && error.code === 'FileExists')) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not copy the sample image to {0}: {1}', folder.fsPath, error instanceof Error ? error.message : String(error)));
      return undefined;
    }
    services.log.info(`sample already at ${target.fsPath}; animating it again`);
  }
  if (vscode.workspace.getWorkspaceFolder(target)) await vscode.commands.executeCommand('revealInExplorer', target);
  const options: AnimateOptions = { provider: 'local', prompt: vscode.l10n.t('slow zoom in'), seconds: 4, skipForm: true };
  return vscode.commands.executeCommand<AnimateResult[] | undefined>(CommandId.Animate, target, [target], options);
}
