/** Runs the built CLI bundle (`dist/cli.js`, made by `npm run build`) as a user would, with only the given env. */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((done) => {
    const fullEnv = { PATH: process.env.PATH ?? '', HOME: cwd, ANIMATE_IMAGE_STATE_DIR: join(cwd, '.state'), ...env };
    execFile(process.execPath, [resolve('dist/cli.js'), ...args], { cwd, env: fullEnv, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
