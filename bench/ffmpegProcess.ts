// The ffmpeg the benchmarks measure against: run to completion, and its version for the reference's name.
import { spawn, spawnSync } from 'node:child_process';

/** Runs ffmpeg with these arguments; rejects with its stderr when it fails. */
export function runFfmpeg(ffmpeg: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`reference ffmpeg exited with ${code}: ${stderr}`)),
    );
  });
}

export function ffmpegVersion(ffmpeg: string): string {
  return /ffmpeg version (\S+)/.exec(spawnSync(ffmpeg, ['-version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
}
