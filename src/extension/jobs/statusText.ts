// Status bar texts for running jobs. Pure (no vscode) so it is unit-tested; words come in translated.

export type JobPhase = 'queued-here' | 'preparing' | 'queued' | 'running' | 'retrying' | 'downloading';

export interface JobView {
  /** File name of the source image. */
  readonly name: string;
  readonly phase: JobPhase;
  /** 0–100 when the provider reports it. */
  readonly progress?: number | undefined;
  /** Requests ahead of this one in the provider's queue, while queued there and where the provider says (fal). */
  readonly queuePosition?: number | undefined;
  readonly elapsedMs: number;
}

/** `queued · 3 ahead`, from the translated `queued · {0} ahead`; undefined unless queued at the provider with a known position. */
export function formatQueuePosition(
  job: Pick<JobView, 'phase' | 'queuePosition'>,
  queuedAhead: string,
): string | undefined {
  if (job.phase !== 'queued' || job.queuePosition === undefined || !Number.isFinite(job.queuePosition))
    return undefined;
  return queuedAhead.replace('{0}', String(Math.max(0, Math.round(job.queuePosition))));
}

/** `1:12`, `12:05`, `1:02:03`; never negative. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`;
  return `${minutes}:${seconds}`;
}

export function formatProgress(progress: number | undefined): string | undefined {
  if (progress === undefined || !Number.isFinite(progress)) return undefined;
  return `${Math.round(Math.min(100, Math.max(0, progress)))}%`;
}

/**
 * Status bar item text for one job: `$(loading~spin) cat.png 40% · 1:12`, or `… cat.png queued · 3 ahead · 1:12`
 * while the provider says where it is in its queue. `queuedAhead` is the translated `queued · {0} ahead`.
 */
export function formatJobText(job: JobView, queuedAhead = 'queued · {0} ahead'): string {
  const icon = job.phase === 'queued-here' ? '$(clock)' : '$(loading~spin)';
  const progress = formatProgress(job.progress);
  const queue = formatQueuePosition(job, queuedAhead);
  const parts = [icon, shorten(job.name, 32), ...(queue ? [queue] : progress ? [progress] : [])];
  return `${parts.join(' ')} · ${formatElapsed(job.elapsedMs)}`;
}

/**
 * One item for several jobs: `$(loading~spin) 3 jobs 45% · 2:10` — the average of the known
 * progress values and the longest elapsed time. `jobsLabel` is the translated "{0} jobs".
 */
export function formatAggregateText(jobs: readonly JobView[], jobsLabel: string): string {
  const known = jobs.map((j) => j.progress).filter((p): p is number => p !== undefined && Number.isFinite(p));
  const average = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
  const progress = formatProgress(average);
  const longest = Math.max(0, ...jobs.map((j) => j.elapsedMs));
  const label = jobsLabel.replace('{0}', String(jobs.length));
  return `$(loading~spin) ${label}${progress ? ` ${progress}` : ''} · ${formatElapsed(longest)}`;
}

/** Keeps the extension visible: `a-very-long-photo-name….png`. */
export function shorten(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 6 ? name.slice(dot) : '';
  return `${name.slice(0, Math.max(1, max - ext.length - 1))}…${ext}`;
}

/** For screen readers: the text without `$(icon)` references. */
export function withoutIcons(text: string): string {
  return text.replace(/\$\([a-z0-9~-]+\)\s*/gi, '').trim();
}
