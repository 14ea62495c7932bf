/**
 * Where a requested output (`--output`) puts the video, checked before anything is submitted: a paid job must not
 * find out at the end that its folder is missing or its name is not an MP4.
 */
import * as l10n from '@vscode/l10n';
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { AnimateError } from './errors';

export interface OutputPlan {
  /** The MP4 path handed to the runner (it still takes `-2`, `-3`, … if the name is taken: nothing is overwritten). */
  readonly path: string;
  /** A folder that does not exist yet and is made just before the job starts. */
  readonly createFolder?: string;
}

/** `photo.png` → `photo.mp4`: the name a video takes inside an output folder. */
export function videoNameFor(image: string): string {
  return `${basename(image, extname(image))}.mp4`;
}

/** Written as a folder: ends with a slash (`out/`), or is `.` / `..`. */
export function looksLikeFolder(raw: string): boolean {
  return /[\\/]$/.test(raw) || /(^|[\\/])\.\.?$/.test(raw);
}

export function isMp4Name(path: string): boolean {
  return extname(path).toLowerCase() === '.mp4';
}

/**
 * One image's output: an existing folder (or `out/`) takes `<stem>.mp4` inside it, else the name must end in `.mp4`
 * and its folder must exist or be creatable. `label` names the value in messages (the CLI's `--output`).
 */
export async function planOutputTarget(raw: string, image: string, cwd: string, label = 'output'): Promise<OutputPlan> {
  const path = resolve(cwd, raw);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return { path: join(path, videoNameFor(image)) };
  if (!existing && looksLikeFolder(raw)) {
    await mustBeCreatable(path, label, raw);
    return { path: join(path, videoNameFor(image)), createFolder: path };
  }
  if (!isMp4Name(path)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} {1}: the video is an MP4, so give a file name ending in .mp4, or a folder (an existing one, or a new one written with a trailing /).',
        label,
        raw,
      ),
    );
  }
  if (existing) return { path };
  const parent = dirname(path);
  if (await isDirectory(parent)) return { path };
  await mustBeCreatable(parent, label, raw);
  return { path, createFolder: parent };
}

/** A batch's output: a folder, existing or new (each video takes `<stem>.mp4` in it); a file or an `.mp4` name is refused. */
export async function planOutputFolder(
  raw: string,
  cwd: string,
  label = 'output',
): Promise<{ readonly folder: string; readonly createFolder?: string }> {
  const path = resolve(cwd, raw);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return { folder: path };
  if (existing || isMp4Name(path)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} {1}: with several images, give a folder for the videos (each takes the name of its image), not a file.',
        label,
        raw,
      ),
    );
  }
  await mustBeCreatable(path, label, raw);
  return { folder: path, createFolder: path };
}

/** Makes the folder a plan needs; a failure here is still before anything was submitted. */
export async function createPlannedFolder(folder: string | undefined, label = 'output'): Promise<void> {
  if (folder === undefined) return;
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0}: could not create the folder {1} ({2}).',
        label,
        folder,
        error instanceof Error ? error.message : String(error),
      ),
      { cause: error },
    );
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** The folder, or its nearest existing ancestor, must be a folder we may write to, or `mkdir -p` would fail later. */
async function mustBeCreatable(folder: string, label: string, raw: string): Promise<void> {
  let ancestor = folder;
  for (;;) {
    const info = await stat(ancestor).catch(() => undefined);
    if (info) {
      if (!info.isDirectory())
        throw new AnimateError(
          'bad-input',
          l10n.t('{0} {1}: {2} is a file, so it cannot hold the video.', label, raw, ancestor),
        );
      break;
    }
    const up = dirname(ancestor);
    if (up === ancestor) break;
    ancestor = up;
  }
  try {
    await access(ancestor, constants.W_OK);
  } catch {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} {1}: cannot create the folder {2}, as {3} is not writable.',
        label,
        raw,
        folder,
        ancestor.endsWith(sep) ? ancestor : `${ancestor}${sep}`,
      ),
    );
  }
}
