/** Runs the built CLI bundle (`dist/cli.js`, built by `npm run build`) as a user would, in its own process. */
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { solidImage } from './images';

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

/** A provider's run through the CLI against its fake: the image, the prompt and the flags that differ per test. */
export interface ProviderCliRun {
  readonly provider: string;
  /** Written as a 640×360 PNG of `background` in a fresh temp folder, the run's working folder. */
  readonly image: string;
  readonly background: string;
  readonly prompt: string;
  /** Everything else: `--base-url`, `--model`, `--size`, … */
  readonly flags: readonly string[];
  readonly env: Record<string, string>;
  /** What the fake serves as the video (`generatedVideoBytes(n)`). */
  readonly video: Buffer;
}

/**
 * Animates one image with `--provider` against its fake, polling fast, and checks that the run succeeded and saved
 * exactly the fake's video beside the image (`photo.png` → `photo.mp4`). Returns the run for the test's own checks.
 */
export async function animateWithProviderCli(run: ProviderCliRun): Promise<CliRun> {
  const dir = await mkdtemp(join(tmpdir(), `${run.provider}-cli-`));
  await writeFile(join(dir, run.image), await solidImage(640, 360, { background: run.background }));
  const args = ['--provider', run.provider, ...run.flags, '--poll-interval', '0.05'];
  const result = await runCli([...args, '--image', run.image, '--prompt', run.prompt], { cwd: dir, env: run.env });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await readFile(join(dir, `${basename(run.image, extname(run.image))}.mp4`)), run.video);
  return result;
}
