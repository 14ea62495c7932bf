// "Check provider connection": runs each provider's `check` (requests that create nothing billable) and turns the
// answers into lines for a notification, a quick pick and the log. Pure (no vscode), unit-tested with fake providers.
import { isAbortError, errorMessage } from '../../core/errors';
import { describeCheck } from '../../core/providers/connectionCheck';
import type { ConnectionCheck, ProviderInfo, VideoProvider } from '../../core/providers/provider';

export interface CheckRequest {
  readonly id: string;
  /** The provider's name in the display language. */
  readonly label: string;
  /** The model whose access is checked; undefined = only endpoint and key. */
  readonly model?: string;
}

/** What was found out for one provider: its check's answer, or why it could not be checked at all. */
export interface CheckOutcome {
  readonly request: CheckRequest;
  readonly check?: ConnectionCheck;
  /** Not checked: the provider could not be built (no key, no address set) or has no free way to check. */
  readonly notChecked?: string;
  /** Not checked because of the key (none set, or saved for another server). */
  readonly keyProblem?: boolean;
}

/** The provider built exactly as a job would build it, or why it cannot be (in the display language). */
export type BuildForCheck = (
  id: string,
) => Promise<VideoProvider | { readonly problem: string; readonly keyProblem?: boolean }>;

/**
 * Builds each provider one after the other (building may ask the user for a key), then checks them all at once.
 * Only `check` is called: never a create. A check that throws (bad input such as an invalid base URL) is reported as
 * that provider's problem; a cancel stops everything.
 */
export async function checkConnections(
  requests: readonly CheckRequest[],
  build: BuildForCheck,
  signal: AbortSignal,
  words: Pick<CheckWords, 'noFreeCheck'>,
): Promise<CheckOutcome[]> {
  const built: { request: CheckRequest; provider?: VideoProvider; problem?: string; keyProblem?: boolean }[] = [];
  for (const request of requests) {
    signal.throwIfAborted();
    const provider = await build(request.id);
    built.push(
      'problem' in provider
        ? { request, problem: provider.problem, ...(provider.keyProblem ? { keyProblem: true } : {}) }
        : { request, provider },
    );
  }
  return Promise.all(
    built.map(async ({ request, provider, problem, keyProblem }): Promise<CheckOutcome> => {
      if (!provider) return { request, notChecked: problem ?? '', ...(keyProblem ? { keyProblem: true } : {}) };
      if (!provider.check) return { request, notChecked: words.noFreeCheck };
      try {
        return { request, check: await provider.check(request.model, signal) };
      } catch (error) {
        if (isAbortError(error) || signal.aborted) throw error;
        return { request, notChecked: errorMessage(error) };
      }
    }),
  );
}

/** The translated words of the report; `{0}` placeholders are filled in here. */
export interface CheckWords {
  readonly reachable: string;
  readonly notReachable: string;
  readonly keyAccepted: string;
  readonly keyNotAccepted: string;
  readonly modelAvailable: string;
  readonly modelNotAvailable: string;
  /** `not checked: {0}` */
  readonly notChecked: string;
  /** Why a provider without a `check` is not checked. */
  readonly noFreeCheck: string;
}

export interface OutcomeText {
  readonly ok: boolean;
  /** `fal.ai (fal-ai/veo3.1)` */
  readonly title: string;
  /** `reachable · key accepted · model available`, or `not checked: …`. */
  readonly found: string;
  /** What is wrong, in plain words, with what to do about it. */
  readonly problem?: string;
  /** The key is missing or was refused: offer "Set API key…". */
  readonly keyProblem: boolean;
}

export function outcomeText(outcome: CheckOutcome, words: CheckWords): OutcomeText {
  const { request, check } = outcome;
  const title = request.model ? `${request.label} (${request.model})` : request.label;
  if (!check)
    return {
      ok: false,
      title,
      found: words.notChecked.replace('{0}', outcome.notChecked ?? ''),
      keyProblem: outcome.keyProblem === true,
    };
  const found = [
    check.reachable ? words.reachable : words.notReachable,
    ...(check.keyAccepted === undefined ? [] : [check.keyAccepted ? words.keyAccepted : words.keyNotAccepted]),
    ...(check.modelAvailable === undefined
      ? []
      : [check.modelAvailable ? words.modelAvailable : words.modelNotAvailable]),
  ].join(' · ');
  return {
    ok: check.ok,
    title,
    found,
    ...(check.problem ? { problem: check.problem } : {}),
    keyProblem: check.keyAccepted === false,
  };
}

/** The log line (English, like the rest of the log; never a key). */
export function outcomeLog(outcome: CheckOutcome): string {
  if (outcome.check) return `check ${outcome.check.ok ? 'OK' : 'FAILED'}: ${describeCheck(outcome.check)}`;
  return `check NOT RUN: ${outcome.request.id}${outcome.request.model ? `/${outcome.request.model}` : ''}: ${outcome.notChecked ?? ''}`;
}

/**
 * "All configured providers": those that need a key and have one (stored or in the environment), and the default
 * provider — not every provider, so a ComfyUI nobody runs is not reported as down.
 */
export function configuredProviders(
  infos: readonly ProviderInfo[],
  hasKey: (info: ProviderInfo) => boolean,
  defaultProvider: string,
): ProviderInfo[] {
  return infos.filter((info) => info.id === defaultProvider || (info.needsKey && hasKey(info)));
}

/** The model to check: the settings' default model for the default provider, else the provider's first model. */
export function modelToCheck(info: ProviderInfo, defaultProvider: string, defaultModel: string): string | undefined {
  if (info.id === defaultProvider && defaultModel) return defaultModel;
  return info.models[0]?.id;
}
