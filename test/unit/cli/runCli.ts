/** Runs the built CLI bundle as a user would (the test command builds it first), in a folder of its own. */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const cli = resolve('dist/cli.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only PATH and HOME from this process: no proxy, key or base URL of the machine leaks into a test. */
export function run(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((done) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: options.cwd, ANIMATE_IMAGE_STATE_DIR: join(options.cwd, '.state'), ...options.env };
    execFile(process.execPath, [cli, ...args], { cwd: options.cwd, env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A fresh folder holding one 16:9 PNG with some detail. */
export async function folderWithImage(name = 'photo.png', width = 1600, height = 900): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-test-'));
  await sharp({ create: { width, height, channels: 3, background: '#88aa44' } })
    .composite([{ input: { create: { width: width / 4, height: height / 4, channels: 3, background: '#ff0000' } }, left: 10, top: 10 }])
    .png()
    .toFile(join(dir, name));
  return dir;
}
