import * as l10n from '@vscode/l10n';
import { AnimateError } from '../errors';

/** Frees the slot; safe to call more than once. */
export type Release = () => void;

/**
 * A FIFO of render slots. Rendering is CPU-bound (and the encoder may use every core), so running batch
 * jobs side by side only multiplies memory; queued jobs also hold no decoded pixels until their turn.
 */
export class RenderSlots {
  private free: number;
  private readonly waiting: Array<(release: Release) => void> = [];

  constructor(limit: number) {
    this.free = limit;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for a slot; rejects with a `cancelled` AnimateError (and leaves the queue) if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const grant = (release: Release): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(this.releaser());
      else this.free++;
    };
  }
}

function cancelled(): AnimateError {
  return new AnimateError('cancelled', l10n.t('local render cancelled'));
}
