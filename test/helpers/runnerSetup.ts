// What the job runner's tests (runner.test.ts, runnerFaults.test.ts) start from: a picture to animate, a scripted
// provider with an in-memory job store and a virtual clock as the runner's deps, and a request for that provider.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RunnerDeps } from '../../src/core/jobs/runner';
import { MemoryJobStore } from '../../src/core/jobs/store';
import { nodeOutputPort } from '../../src/core/output';
import type { RemoteJob } from '../../src/core/providers/provider';
import { resolveRequest } from '../../src/core/request';
import { ScriptedProvider, VirtualClock, type DownloadStep, type PollStep } from './scriptedProvider';

/** A fresh folder (named after `prefix`, under the temp folder at the time of the call) holding a small `cat.png`. */
export async function runnerWorkspace(prefix: string): Promise<{ dir: string; image: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const image = join(dir, 'cat.png');
  await sharp({ create: { width: 128, height: 96, channels: 3, background: '#3366cc' } })
    .png()
    .toFile(image);
  return { dir, image };
}

/** A provider that answers `polls` and `downloads` in order, wired into the runner's deps with a silent log. */
export function runnerSetup(polls: PollStep[], downloads?: DownloadStep[], cancel?: (job: RemoteJob) => Promise<void>) {
  const provider = new ScriptedProvider(polls, downloads, cancel);
  const store = new MemoryJobStore();
  const clock = new VirtualClock();
  const deps: RunnerDeps = {
    provider,
    store,
    output: nodeOutputPort,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    clock,
  };
  return { provider, store, clock, deps };
}

/** "slow zoom in" of `image` with the scripted provider (its first model, size and duration). */
export const scriptedRequest = (image: string, extra: { output?: string } = {}) =>
  resolveRequest({ image, prompt: 'slow zoom in', provider: 'scripted', ...extra }, new ScriptedProvider([]).info);
