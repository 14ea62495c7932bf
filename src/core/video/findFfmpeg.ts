import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Probe results per binary path: the answer does not change while the process runs. */
const probes = new Map<string, Promise<boolean>>();

/**
 * Finds an ffmpeg that can encode H.264 (libx264), or undefined. `explicitPath` (a setting) is checked
 * instead of PATH. Many minimal/LGPL ffmpeg builds lack libx264, so merely finding the binary is not enough.
 */
export async function findFfmpeg(
  explicitPath?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const candidates = explicitPath ? [explicitPath] : await onPath('ffmpeg', env);
  for (const candidate of candidates) {
    if (await hasLibx264(candidate)) return candidate;
  }
  return undefined;
}

/** The first ffmpeg on PATH (or `explicitPath` if it runs), any build: decoding a video needs no libx264. */
export async function findAnyFfmpeg(
  explicitPath?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const candidates = explicitPath ? [explicitPath] : await onPath('ffmpeg', env);
  for (const candidate of candidates) {
    const runs = await new Promise<boolean>((resolve) => {
      execFile(candidate, ['-hide_banner', '-version'], { timeout: 10_000, windowsHide: true }, (error) =>
        resolve(!error),
      );
    });
    if (runs) return candidate;
  }
  return undefined;
}

async function onPath(name: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  const found: string[] = [];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const path = join(dir, name + extension.toLowerCase());
      try {
        await access(path, constants.X_OK);
        found.push(path);
      } catch {
        // not here
      }
    }
  }
  return found;
}

export function hasLibx264(ffmpegPath: string): Promise<boolean> {
  let probe = probes.get(ffmpegPath);
  if (!probe) {
    probe = new Promise<boolean>((resolve) => {
      execFile(
        ffmpegPath,
        ['-hide_banner', '-encoders'],
        { timeout: 10_000, windowsHide: true, maxBuffer: 4 * 1024 * 1024 },
        (error, stdout) => {
          resolve(!error && /\blibx264\b/.test(stdout));
        },
      );
    });
    probes.set(ffmpegPath, probe);
  }
  return probe;
}
