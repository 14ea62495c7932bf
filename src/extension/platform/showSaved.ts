import { basename } from 'node:path';
import * as vscode from 'vscode';

/**
 * The notice for a file just written (a video, its GIF or WebP): `message` (given the file's name), with `open`
 * and Reveal in Explorer.
 */
export async function showSaved(path: string, message: (name: string) => string, open: string): Promise<void> {
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const choice = await vscode.window.showInformationMessage(message(basename(path)), open, reveal);
  const uri = vscode.Uri.file(path);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
  if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', uri);
}
