import * as vscode from 'vscode';
import { imageDialogExtensions, isImagePath } from './imageFiles';

const imagePreviewViewType = 'imagePreview.previewEditor';

/**
 * The images a command was invoked on. Explorer: `(uri, uris)` with every selected file (non-images are
 * skipped). Image preview title: `(uri, {groupId…})`. Palette: no arguments → the active image preview,
 * else an open dialog filtered to images. Empty when the user backs out.
 */
export async function resolveImages(uri: unknown, uris: unknown): Promise<vscode.Uri[]> {
  const selected = Array.isArray(uris) ? uris.filter(isUri) : [];
  const candidates = selected.length > 0 ? selected : isUri(uri) ? [uri] : [];
  if (candidates.length > 0) return unique(candidates.filter((u) => isImagePath(u.path)));
  const active = activeImage();
  if (active) return [active];
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: vscode.l10n.t('Animate'),
    title: vscode.l10n.t('Choose images to animate'),
    filters: { [vscode.l10n.t('Images')]: imageDialogExtensions },
  });
  return (picked ?? []).filter((u) => isImagePath(u.path));
}

function activeImage(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === imagePreviewViewType) return input.uri;
  return undefined;
}

function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}

function unique(uris: vscode.Uri[]): vscode.Uri[] {
  const seen = new Set<string>();
  return uris.filter((u) => !seen.has(u.toString()) && seen.add(u.toString()) !== undefined);
}
