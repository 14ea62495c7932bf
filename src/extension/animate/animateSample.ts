import * as vscode from 'vscode';
import type { AnimateOptions, AnimateResult } from './animateOptions';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';

/** The bundled sample's name once copied: specific enough never to be someone's own file. */
export const sampleFileName = 'animate-image-sample.jpg';

/**
 * The walkthrough's last step: copies the bundled `media/sample.jpg` into a scratch folder in the extension's own
 * storage (nothing is added to the user's project) and animates it with the offline local provider: no key, no
 * network, no cost; the video opens when it is ready. With the argument `"choose"` the user picks the folder instead.
 * An existing copy is reused, never overwritten. Resolves to the animate command's results.
 */
export function registerAnimateSample(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.AnimateSample, (where?: unknown) =>
    animateSample(services, where === 'choose'),
  );
}

async function animateSample(services: Services, choose: boolean): Promise<AnimateResult[] | undefined> {
  const folder = choose ? await pickFolder() : await scratchFolder(services);
  if (!folder) return undefined;
  const target = vscode.Uri.joinPath(folder, sampleFileName);
  const source = vscode.Uri.joinPath(services.extensionUri, 'media', 'sample.jpg');
  try {
    await vscode.workspace.fs.copy(source, target, { overwrite: false });
    services.log.info(`sample copied to ${target.fsPath}`);
  } catch (error) {
    if (!(error instanceof vscode.FileSystemError && error.code === 'FileExists')) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Could not copy the sample image to {0}: {1}',
          folder.fsPath,
          error instanceof Error ? error.message : String(error),
        ),
      );
      return undefined;
    }
    services.log.info(`sample already at ${target.fsPath}; animating it again`);
  }
  const inWorkspace = vscode.workspace.getWorkspaceFolder(target) !== undefined;
  if (inWorkspace) await vscode.commands.executeCommand('revealInExplorer', target);
  const options: AnimateOptions = {
    provider: 'local',
    prompt: vscode.l10n.t('slow zoom in'),
    seconds: 4,
    skipForm: true,
  };
  const results = await vscode.commands.executeCommand<AnimateResult[] | undefined>(
    CommandId.Animate,
    target,
    [target],
    options,
  );
  // Outside the workspace the Explorer cannot show it: open the video itself.
  const output = results?.find((r) => r.kind === 'succeeded')?.output;
  if (output && !inWorkspace) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(output));
  return results;
}

/** The extension's scratch folder for the sample (global storage; not the user's project, not a temp folder that vanishes). */
async function scratchFolder(services: Services): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(services.storageUri, 'sample');
  await vscode.workspace.fs.createDirectory(folder);
  return folder;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const localFolder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    ...(localFolder ? { defaultUri: localFolder } : {}),
    openLabel: vscode.l10n.t('Animate the Sample Here'),
  });
  return picked?.[0];
}
