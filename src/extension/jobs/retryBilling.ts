// Whether a failed try was billed, for the Retry confirmation's wording. Pure (no vscode), unit-tested: "bills again"
// is only said when the provider accepted the job, "may" when the create's fate is unknown (the connection broke
// while it was on its way), and "nothing was billed" when its answer proved nothing was created.
import { jobWasCreated } from '../../core/errors';

export type Billed = 'yes' | 'no' | 'maybe';

/**
 * `submitted`: the runner's `submitted` event was seen (or the job was resumed from its record): the provider
 * accepted it. Otherwise the error's stage says (core `jobWasCreated`); an error from outside the runner, without a
 * stage, counts as not created only when nothing was accepted.
 */
export function triedJobBilled(submitted: boolean, error: unknown): Billed {
  if (submitted) return 'yes';
  return jobWasCreated(error) ?? 'no';
}

export interface BilledCounts {
  readonly yes: number;
  readonly maybe: number;
  readonly no: number;
}

export function countBilled(tries: readonly { readonly submitted: boolean; readonly error?: unknown }[]): BilledCounts {
  const billed = tries.map((t) => triedJobBilled(t.submitted, t.error));
  return {
    yes: billed.filter((b) => b === 'yes').length,
    maybe: billed.filter((b) => b === 'maybe').length,
    no: billed.filter((b) => b === 'no').length,
  };
}
