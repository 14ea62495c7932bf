import { Readable } from 'node:stream';
import { AnimateError } from '../../src/core/errors';
import type {
  JobStatus,
  PreparedRequest,
  ProviderInfo,
  RemoteJob,
  VideoProvider,
} from '../../src/core/providers/provider';

/** A minimal valid MP4 header (ftyp box) followed by filler: enough for the runner's MP4 check. */
export function fakeMp4(size = 4096): Buffer {
  const ftyp = Buffer.from([0, 0, 0, 16, ...Buffer.from('ftypisom'), 0, 0, 2, 0]);
  return Buffer.concat([ftyp, Buffer.alloc(Math.max(0, size - ftyp.length), 7)]);
}

export type PollStep = JobStatus | AnimateError;
export type DownloadStep = Buffer | 'html' | 'cut' | 'empty' | AnimateError;

export const scriptedInfo: ProviderInfo = {
  id: 'scripted',
  label: 'Scripted test provider',
  needsKey: false,
  keyEnv: [],
  models: [
    {
      id: 'm1',
      label: 'm1',
      sizes: ['64x48'],
      seconds: [4],
      maxPromptLength: 100,
      progress: true,
      cancel: true,
      remix: false,
      lastFrame: false,
      exactInputSize: true,
      maxImageBytes: 1_000_000,
    },
  ],
};

/** A provider whose answers are scripted step by step, recording every call: the runner's contract in isolation. */
export class ScriptedProvider implements VideoProvider {
  readonly info = scriptedInfo;
  readonly calls: string[] = [];
  submitted: PreparedRequest[] = [];
  /** Errors the next submits throw, in order (each one call); then submits succeed. */
  readonly submitErrors: AnimateError[] = [];
  private pollIndex = 0;
  private downloadIndex = 0;

  constructor(
    private readonly polls: PollStep[],
    private readonly downloads: DownloadStep[] = [fakeMp4()],
    cancel?: (job: RemoteJob) => Promise<void>,
  ) {
    if (cancel) this.cancel = cancel;
  }

  readonly cancel?: (job: RemoteJob) => Promise<void>;

  async submit(request: PreparedRequest): Promise<RemoteJob> {
    this.calls.push('submit');
    const refused = this.submitErrors.shift();
    if (refused) throw refused;
    this.submitted.push(request);
    return { provider: 'scripted', id: `job-${this.submitted.length}`, model: request.model };
  }

  async poll(_job: RemoteJob, signal: AbortSignal): Promise<JobStatus> {
    signal.throwIfAborted();
    this.calls.push('poll');
    const step = this.polls[Math.min(this.pollIndex++, this.polls.length - 1)];
    if (step instanceof AnimateError) throw step;
    if (!step) throw new Error('no poll step scripted');
    return step;
  }

  async download(): Promise<Readable> {
    this.calls.push('download');
    const step = this.downloads[Math.min(this.downloadIndex++, this.downloads.length - 1)];
    if (step instanceof AnimateError) throw step;
    if (step === 'html') return Readable.from([Buffer.from('<!DOCTYPE html><html>error</html>')]);
    if (step === 'empty') return Readable.from([]);
    if (step === 'cut') {
      return new Readable({
        read() {
          this.push(fakeMp4(1024));
          this.destroy(new AnimateError('network', 'connection reset mid-download'));
        },
      });
    }
    if (!step) throw new Error('no download step scripted');
    return Readable.from([step]);
  }
}

/** Virtual time: sleeps return at once and advance the clock, so hour-long jobs test in milliseconds. */
export class VirtualClock {
  time = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
  }
}

/** Virtual time whose sleeps also yield to real I/O for a moment: a waiting follower lets the others get on. */
export class TickingClock extends VirtualClock {
  override async sleep(ms: number, signal: AbortSignal): Promise<void> {
    await super.sleep(ms, signal);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
