import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { OutputPort } from '../../core/output';

/**
 * The core's OutputPort over `vscode.workspace.fs` (works in remote windows): copy the finished temp file
 * to a hidden part file in the target folder, then rename it to the target without overwriting.
 * A taken name returns false so the core tries `cat-2.mp4`, …; nothing is left behind on failure.
 */
export function createWorkspaceOutput(fs: vscode.FileSystem = vscode.workspace.fs): OutputPort {
  return {
    async claim(tempFile, target) {
      const targetUri = vscode.Uri.file(target);
      if (await exists(fs, targetUri)) return false;
      const part = partFile(target);
      await fs.copy(vscode.Uri.file(tempFile), part, { overwrite: false });
      try {
        await fs.rename(part, targetUri, { overwrite: false });
        return true;
      } catch (error) {
        await fs.delete(part, { useTrash: false }).then(undefined, () => undefined);
        if (isFileExists(error)) return false;
        throw error;
      }
    },
    async writeNew(path, bytes) {
      const uri = vscode.Uri.file(path);
      if (await exists(fs, uri)) throw vscode.FileSystemError.FileExists(uri);
      const part = partFile(path);
      await fs.writeFile(part, bytes);
      try {
        await fs.rename(part, uri, { overwrite: false });
      } catch (error) {
        await fs.delete(part, { useTrash: false }).then(undefined, () => undefined);
        throw error;
      }
    },
  };
}

/** A hidden sibling, so a half-written file never carries the real name. */
function partFile(target: string): vscode.Uri {
  return vscode.Uri.file(join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.part`));
}

async function exists(fs: vscode.FileSystem, uri: vscode.Uri): Promise<boolean> {
  try {
    await fs.stat(uri);
    return true;
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return false;
    throw error;
  }
}

function isFileExists(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileExists';
}
