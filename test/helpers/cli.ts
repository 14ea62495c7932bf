/** Runs the built CLI bundle (`dist/cli.js`, built by `npm run build`) as a user would, in its own process. */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

export const cliPath = resolve('dist/cli.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `animate-image ARGS` in `cwd`, with a state folder and HOME of its own there; `onStart` gets the child process. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; onStart?: (child: ChildProcess) => void },
): Promise<CliRun> {
  return new Promise((done) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: options.cwd,
      ANIMATE_IMAGE_STATE_DIR: join(options.cwd, '.state'),
      ...options.env,
    };
    const child = execFile(
      process.execPath,
      [cliPath, ...args],
      { cwd: options.cwd, env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
    options.onStart?.(child);
  });
}

/** A fresh folder holding one 16:9 PNG with some detail. */
export async function folderWithImage(name = 'photo.png', width = 1600, height = 900): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-test-'));
  await sharp({ create: { width, height, channels: 3, background: '#88aa44' } })
    .composite([
      {
        input: { create: { width: width / 4, height: height / 4, channels: 3, background: '#ff0000' } },
        left: 10,
        top: 10,
      },
    ])
    .png()
    .toFile(join(dir, name));
  return dir;
}
