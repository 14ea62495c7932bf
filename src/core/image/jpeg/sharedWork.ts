/**
 * Numbered work items shared by this thread and a helper thread through one SharedArrayBuffer: items become
 * available in order (`publish`), either thread claims the next one with an atomic compare-and-swap and marks it
 * done. This thread never depends on the helper: whatever it needs done and nobody has claimed, it does itself, so
 * a helper that starts late, or never, only costs the speed-up. It waits only for an item the helper has claimed
 * and is working on.
 */
const AVAILABLE = 0;
const NEXT = 1;
const CLOSED = 2;
/** Changed by every `publish` and `close`: what a sleeping helper waits on, so no wake-up between its checks is lost. */
const SIGNAL = 3;
/** 1 while the helper sleeps: only then does `publish` pay for a wake-up. */
const SLEEPING = 4;
const HEADER = 5;

/** How long one item of the helper's may take before the helper is taken for stuck (it never should be). */
export const STALL_MS = 10_000;

/** What both threads hold of one piece of shared work: its control words. */
export interface SharedWorkState {
  /** AVAILABLE, NEXT, CLOSED, SIGNAL and SLEEPING, then one word per item: 1 once it is done. */
  readonly words: Int32Array;
}

export function newSharedWork(items: number): SharedWorkState {
  return { words: new Int32Array(new SharedArrayBuffer((HEADER + items) * 4)) };
}

/** The helper claimed an item and did not finish it in time: it died or hangs, and the work is incomplete. */
export class StalledHelperError extends Error {
  constructor() {
    super('the JPEG helper thread stopped in the middle of its work');
    this.name = 'StalledHelperError';
  }
}

/** This thread's side: publishes items and makes sure they are done, by the helper or itself. */
export class SharedWork {
  private readonly words: Int32Array;
  /** Items below this are known to be done. */
  private doneBelow = 0;

  constructor(
    readonly state: SharedWorkState,
    private readonly run: (item: number) => void,
    private readonly stallMs = STALL_MS,
  ) {
    this.words = state.words;
  }

  /** Items below `count` may be worked on. */
  publish(count: number): void {
    Atomics.store(this.words, AVAILABLE, count);
    Atomics.add(this.words, SIGNAL, 1);
    if (Atomics.load(this.words, SLEEPING) === 1) Atomics.notify(this.words, SIGNAL);
  }

  /** Returns once items 0..`item` are done: unclaimed ones run here, the helper's are waited for. */
  finishUpTo(item: number): void {
    for (;;) {
      const next = Atomics.load(this.words, NEXT);
      if (next > item) break;
      if (Atomics.compareExchange(this.words, NEXT, next, next + 1) === next) this.runItem(next);
    }
    for (; this.doneBelow <= item; this.doneBelow++) this.awaitDone(this.doneBelow);
  }

  /** No more items will come: the helper goes back to its messages (leaving any it has not claimed). */
  close(): void {
    Atomics.store(this.words, CLOSED, 1);
    Atomics.add(this.words, SIGNAL, 1);
    Atomics.notify(this.words, SIGNAL);
  }

  private runItem(item: number): void {
    this.run(item);
    Atomics.store(this.words, HEADER + item, 1);
    Atomics.notify(this.words, HEADER + item);
  }

  private awaitDone(item: number): void {
    const started = Date.now();
    while (Atomics.load(this.words, HEADER + item) === 0) {
      Atomics.wait(this.words, HEADER + item, 0, this.stallMs);
      if (Atomics.load(this.words, HEADER + item) === 0 && Date.now() - started >= this.stallMs)
        throw new StalledHelperError();
    }
  }
}

/** The helper's side: claims and runs available items until the work is closed. */
export function helpWith(state: SharedWorkState, run: (item: number) => void): void {
  const words = state.words;
  for (;;) {
    const signal = Atomics.load(words, SIGNAL);
    if (Atomics.load(words, CLOSED) === 1) return;
    const next = Atomics.load(words, NEXT);
    if (next < Atomics.load(words, AVAILABLE)) {
      if (Atomics.compareExchange(words, NEXT, next, next + 1) !== next) continue;
      run(next);
      Atomics.store(words, HEADER + next, 1);
      Atomics.notify(words, HEADER + next);
      continue;
    }
    // Any publish or close since `signal` was read changed it, and the wait returns at once; the timeout is a
    // second guard.
    Atomics.store(words, SLEEPING, 1);
    Atomics.wait(words, SIGNAL, signal, 100);
    Atomics.store(words, SLEEPING, 0);
  }
}
