import { basename } from 'node:path';
import * as l10n from '@vscode/l10n';
import type { JobState } from '../core/jobs/jobState';
import type { JobEvent } from '../core/jobs/runner';
import { formatElapsed } from '../core/types';

/** Shows progress: one rewritten line on a TTY, plain lines (only on change) in logs and pipes. */
export class ProgressReporter {
  private readonly lines = new Map<string, string>();
  private lastPlain = new Map<string, string>();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly tty = Boolean(stream.isTTY),
  ) {}

  event(image: string, event: JobEvent): void {
    if (event.type === 'note') return this.print(l10n.t('note: {0}', event.message));
    const text = describeEvent(event);
    if (text === undefined) return;
    const name = basename(image);
    if (this.tty) {
      this.lines.set(name, text);
      this.redraw();
      return;
    }
    if (this.lastPlain.get(name) === text) return;
    this.lastPlain.set(name, text);
    this.stream.write(`${name}: ${text}\n`);
  }

  /** A line that must stay (a result or an error), printed above the live line. */
  print(line: string): void {
    if (this.tty) this.stream.write('\r\x1b[2K');
    this.stream.write(`${line}\n`);
    if (this.tty) this.redraw();
  }

  done(image: string): void {
    this.lines.delete(basename(image));
    if (this.tty) this.redraw();
  }

  private redraw(): void {
    const text = [...this.lines].map(([name, state]) => `${name} ${state}`).join(' | ');
    const width = this.stream.columns ?? 100;
    this.stream.write(`\r\x1b[2K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
  }
}

export function describeEvent(event: JobEvent): string | undefined {
  switch (event.type) {
    case 'preparing':
      return l10n.t('preparing image');
    case 'submitting':
      return event.attempt > 1 ? l10n.t('submitting (attempt {0})', event.attempt) : l10n.t('submitting');
    case 'submitted':
      return l10n.t('submitted (job {0})', event.record.id);
    case 'status': {
      const state = event.state === 'queued' ? l10n.t('queued') : l10n.t('running');
      const percent = event.progress === undefined ? '' : ` ${Math.round(event.progress)}%`;
      const ahead = event.queuePosition === undefined ? '' : ` · ${l10n.t('{0} ahead', event.queuePosition)}`;
      return `${state}${percent}${ahead} · ${formatElapsed(event.elapsedMs)}`;
    }
    case 'retrying':
      return l10n.t('waiting {0} s: {1}', Math.ceil(event.delayMs / 1000), event.reason);
    case 'downloading':
      return event.attempt > 1 ? l10n.t('downloading (attempt {0})', event.attempt) : l10n.t('downloading');
    case 'saved':
    case 'note':
      return undefined;
  }
}

/** A stored job's state as `animate-image jobs` shows it. */
export function jobStateWord(state: JobState): string {
  switch (state) {
    case 'running':
      return l10n.t('running');
    case 'waiting':
      return l10n.t('waiting');
    case 'succeeded':
      return l10n.t('succeeded');
    case 'failed':
      return l10n.t('failed');
    case 'cancelled':
      return l10n.t('cancelled');
  }
}
