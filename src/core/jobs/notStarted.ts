// Not in errors.ts: that file stays import-free, as the extension's entry bundle carries it (entryBundle.test.ts).
import * as l10n from '@vscode/l10n';
import { AnimateError, NOT_STARTED } from '../errors';

/** A job stopped (Ctrl-C, Cancel) before its create was sent: nothing was created, in the display language. */
export function notStartedError(cause?: unknown): AnimateError {
  return new AnimateError(
    'cancelled',
    l10n.t('Not started: stopped before this image was submitted; nothing was created.'),
    {
      code: NOT_STARTED,
      stage: 'prepare',
      ...(cause !== undefined ? { cause } : {}),
    },
  );
}
