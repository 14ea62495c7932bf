import * as vscode from 'vscode';
import type { Logger } from '../../core/types';
import { paidJobWords, type PaidJobQuestion } from './paidJobWords';

/**
 * Asks before a new paid job, in a modal (never a stray click): the same dialog for start, run again, remix, retry
 * and retry failed. Callers decide whether to ask (free jobs and cheap starts do not); the answer is logged.
 */
export async function confirmPaidJob(question: PaidJobQuestion, log: Logger): Promise<boolean> {
  const { title, detail, button, cost } = paidJobWords(question, (message, ...args) => vscode.l10n.t(message, ...args));
  const choice = await vscode.window.showWarningMessage(title, { modal: true, detail }, button);
  const accepted = choice === button;
  log.info(`${question.kind} confirmation${cost ? ` (${cost})` : ''}: ${accepted ? 'accepted' : 'declined'}`);
  return accepted;
}
