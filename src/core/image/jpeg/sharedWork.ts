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
/** 1 while the helper sleeps waiting for items: only then does `publish` pay for a wake-up. */
const SLEEPING = 3;
const HEADER = 4;

/** How long a wait for the helper's item may last before the helper is taken for stuck (it never should be). */
const STUCK_MS = 10_000;

/** What both threads hold of one piece of shared work: its control words (and what each item says to do). */
export interface SharedWorkState {
  /** AVAILABLE, NEXT, CLOSED and SLEEPING, then one word per item: 1 once it is done. */
  readonly words: Int32Array;
}

export function newSharedWork(items: number): SharedWorkState {
  return { words: new Int32Array(new SharedArrayBuffer((HEADER + items) * 4)) };
}

/** This thread's side: publishes items and makes sure they are done, by the helper or itself. */
export class SharedWork {
  private readonly words: Int32Array;
  /** Items below this are known to be done. */
  private doneBelow = 0;

  constructor(
    readonly state: SharedWorkState,
    private readonly run: (item: number) => void,
  ) {
    this.words = state.words;
  }

  /** Items below `count` may be worked on. */
  publish(count: number): void {
    Atomics.store(this.words, AVAILABLE, count);
    if (Atomics.load(this.words, SLEEPING) === 1) Atomics.notify(this.words, AVAILABLE);
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

  /** No more items will come: a helper waiting for one goes back to its messages. */
  close(): void {
    Atomics.store(this.words, CLOSED, 1);
    Atomics.notify(this.words, AVAILABLE);
  }

  private runItem(item: number): void {
    this.run(item);
    Atomics.store(this.words, HEADER + item, 1);
    Atomics.notify(this.words, HEADER + item);
  }

  private awaitDone(item: number): void {
    const started = Date.now();
    while (Atomics.load(this.words, HEADER + item) === 0) {
      if (Atomics.wait(this.words, HEADER + item, 0, STUCK_MS) === 'timed-out' && Date.now() - started >= STUCK_MS)
        throw new Error('the JPEG helper thread stopped in the middle of its work');
    }
  }
}

/** The helper's side: claims and runs available items until the work is closed and nothing is left to claim. */
export function helpWith(state: SharedWorkState, run: (item: number) => void): void {
  const words = state.words;
  for (;;) {
    const available = Atomics.load(words, AVAILABLE);
    const next = Atomics.load(words, NEXT);
    if (next < available) {
      if (Atomics.compareExchange(words, NEXT, next, next + 1) !== next) continue;
      run(next);
      Atomics.store(words, HEADER + next, 1);
      Atomics.notify(words, HEADER + next);
      continue;
    }
    if (Atomics.load(words, CLOSED) === 1) return;
    // Woken by `publish` or `close`. Saying so first, then waiting only if nothing came meanwhile (both sides use
    // sequentially consistent atomics), no wake-up is missed; the timeout is a second guard.
    Atomics.store(words, SLEEPING, 1);
    Atomics.wait(words, AVAILABLE, available, 100);
    Atomics.store(words, SLEEPING, 0);
  }
}
