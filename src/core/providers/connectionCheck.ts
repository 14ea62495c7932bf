/**
 * `check`: what a provider's free requests (list models, read the organization, ask for a task that does not exist,
 * a health route) tell about the endpoint, the key and a model — as a result, never a thrown error, so a host can
 * show every provider's state side by side. Nothing billable is ever created here.
 */
import * as l10n from '@vscode/l10n';
import { AnimateError, isAbortError, errorMessage } from '../errors';
import type { ConnectionCheck } from './provider';

export interface CheckTarget {
  readonly provider: string;
  readonly model?: string | undefined;
  /** Where the probe goes, for the report (host and route; never a key). */
  readonly endpoint: string;
}

/** What a probe found out once the server answered. */
export interface ProbeFindings {
  /** Unset = the probe's request proved it (it was answered without an auth error). */
  readonly keyAccepted?: boolean;
  readonly modelAvailable?: boolean;
  readonly problem?: string;
}

/**
 * Runs `probe` and turns its outcome into a `ConnectionCheck`: an answer = reachable (and the key accepted unless
 * the probe says otherwise); a network failure = unreachable; an auth error = key rejected; any other error from the
 * server = reachable with that problem. Bad input (an invalid base URL, no key) is reported too, as not tried.
 */
export async function runCheck(
  target: CheckTarget,
  needsKey: boolean,
  probe: () => Promise<ProbeFindings>,
): Promise<ConnectionCheck> {
  const base = {
    provider: target.provider,
    ...(target.model ? { model: target.model } : {}),
    endpoint: target.endpoint,
  };
  try {
    const found = await probe();
    const keyAccepted = found.keyAccepted ?? (needsKey ? true : undefined);
    const ok = !found.problem && keyAccepted !== false && found.modelAvailable !== false;
    return {
      ...base,
      reachable: true,
      ...(keyAccepted !== undefined ? { keyAccepted } : {}),
      ...(found.modelAvailable !== undefined ? { modelAvailable: found.modelAvailable } : {}),
      ok,
      ...(found.problem ? { problem: found.problem } : {}),
    };
  } catch (error) {
    if (isAbortError(error)) throw error;
    if (!(error instanceof AnimateError)) return { ...base, reachable: false, ok: false, problem: errorMessage(error) };
    const answered = error.details.status !== undefined;
    switch (error.kind) {
      case 'network':
        return { ...base, reachable: false, ok: false, problem: error.message };
      case 'auth':
        // No status = no request was made (no key set); with one, the server refused the key.
        return answered
          ? { ...base, reachable: true, keyAccepted: false, ok: false, problem: error.message }
          : { ...base, reachable: false, keyAccepted: false, ok: false, problem: error.message };
      case 'bad-input':
        if (!answered) return { ...base, reachable: false, ok: false, problem: error.message };
        return { ...base, reachable: true, ok: false, problem: error.message };
      default:
        return { ...base, reachable: answered, ok: false, problem: error.message };
    }
  }
}

/**
 * What a probe says of `model` for a provider that takes only its own models (`family`, e.g. "Kling"): nothing when
 * it is one of `models` (or none was asked about), otherwise not available, naming the ones to choose from.
 */
export function knownModel(
  models: readonly { readonly id: string }[],
  model: string | undefined,
  family: string,
): ProbeFindings {
  if (model === undefined || models.some((m) => m.id === model)) return {};
  return {
    modelAvailable: false,
    problem: l10n.t(
      '{0} is not a {1} model this version knows; choose one of {2}.',
      model,
      family,
      models.map((m) => m.id).join(', '),
    ),
  };
}

/** A task/job id no provider ever issues: asking for it costs nothing and proves the key and the route. */
export const NON_EXISTENT_TASK_ID = '00000000-0000-0000-0000-000000000000';

/** A short, safe-to-show description of a check (CLI `animate-image check`, the extension's output channel). */
export function describeCheck(check: ConnectionCheck): string {
  const found = [
    check.reachable ? 'reachable' : 'not reachable',
    check.keyAccepted === undefined ? '' : check.keyAccepted ? 'key accepted' : 'key NOT accepted',
    check.modelAvailable === undefined ? '' : check.modelAvailable ? 'model available' : 'model NOT available',
  ].filter((p) => p);
  return `${check.provider}${check.model ? `/${check.model}` : ''} at ${check.endpoint}: ${found.join(', ')}${check.problem ? ` — ${check.problem}` : ''}`;
}
