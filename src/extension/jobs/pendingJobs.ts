import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as vscode from 'vscode';

/** The extension's job list: a file in its global storage folder (jobStore.ts says why not `globalState`). */
export function jobListPath(globalStorage: vscode.Uri): string {
  return join(globalStorage.fsPath, 'jobs.json');
}

/**
 * Whether the job list may hold an unfinished job (running or waiting) of one of these folders: only then does a
 * start load the engine, to resume it. Read without the engine's schema, so it errs towards yes: a record that looks
 * unfinished, or a list that cannot be read or parsed, says yes, and the engine then reads the list properly (and
 * reports a damaged one, as it always did at start). A record without an image path is one the engine skips too.
 */
export async function mayHaveJobsToResume(listPath: string, folders: readonly string[]): Promise<boolean> {
  if (folders.length === 0) return false;
  let text: string;
  try {
    text = await readFile(listPath, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return true;
  }
  if (!isObject(list) || list.version !== 1 || !Array.isArray(list.jobs)) return true;
  return list.jobs.some((job: unknown) => {
    if (!isObject(job) || (job.state !== 'running' && job.state !== 'waiting')) return false;
    const image = isObject(job.request) ? job.request.image : undefined;
    return typeof image === 'string' && folders.some((folder) => isInside(image, folder));
  });
}

/** The same test as the engine's resume (jobController.ts): the image is below the folder. */
function isInside(path: string, folder: string): boolean {
  const base =
    folder.endsWith('/') || folder.endsWith('\\') ? folder : `${folder}${folder.includes('\\') ? '\\' : '/'}`;
  return path.startsWith(base);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
