/** Building the JobStatus a provider reports, the same way in every provider. */
import * as l10n from '@vscode/l10n';
import type { JobStatus, RemoteJob } from './provider';

/** A failed job, with the provider's code when it gave one. */
export function failedStatus(reason: string, code?: string): JobStatus {
  return { state: 'failed', reason, ...(code ? { code } : {}) };
}

/** A finished job, with what the download needs (a link, a generation id …) added to its data. */
export function succeededWith(job: RemoteJob, data: Readonly<Record<string, string>>): JobStatus {
  return { state: 'succeeded', job: { ...job, data: { ...job.data, ...data } } };
}

/** A status word this client does not know: treated as the end, so the runner stops waiting. */
export function unknownTaskStatus(who: string, job: RemoteJob, status: string): JobStatus {
  return {
    state: 'failed',
    reason: l10n.t(
      '{0} reports task {1} as "{2}", which this client does not know; treating it as ended.',
      who,
      job.id,
      status,
    ),
    code: status,
  };
}

/** "`who` failed the task: what it said (code)." — in one sentence per shape, so a translator sees each whole. */
export function failedTaskReason(who: string, message?: string, code?: string): string {
  if (message && code) return l10n.t('{0} failed the task: {1} ({2}).', who, message, code);
  if (message) return l10n.t('{0} failed the task: {1}.', who, message);
  if (code) return l10n.t('{0} failed the task ({1}).', who, code);
  return l10n.t('{0} failed the task.', who);
}
