import * as vscode from 'vscode';
import type { SummaryWords } from './batchSummary';

/** Translated words of the batch texts (status bar and summary). */
export function summaryWords(): SummaryWords {
  return {
    done: vscode.l10n.t('{0}/{1} done'),
    failed: vscode.l10n.t('{0} failed'),
    cancelled: vscode.l10n.t('{0} cancelled'),
    waiting: vscode.l10n.t('{0} still running'),
    separator: vscode.l10n.t(', '),
    allSaved: vscode.l10n.t('All {0} videos saved.'),
    someSaved: vscode.l10n.t('{0} of {1} videos saved.'),
    failedSentence: vscode.l10n.t('{0} failed: {1}.'),
    cancelledSentence: vscode.l10n.t('{0} cancelled.'),
    waitingSentence: vscode.l10n.t('{0} still running at the provider (resume from Show jobs).'),
    reason: vscode.l10n.t('{0} ({1})'),
    more: vscode.l10n.t('and {0} more'),
    sentenceSeparator: ' ',
  };
}
