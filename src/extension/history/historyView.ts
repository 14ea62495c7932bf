import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/record';
import { CommandId } from '../commandIds';
import type { Services } from '../platform/services';
import { historyItem, sortRecords, type HistoryWords } from './historyItems';

const shown = 100;

function words(): HistoryWords {
  return {
    running: vscode.l10n.t('running'),
    notFollowed: vscode.l10n.t('running (not followed)'),
    waiting: vscode.l10n.t('waiting to resume'),
    done: vscode.l10n.t('done'),
    failed: vscode.l10n.t('failed'),
    cancelled: vscode.l10n.t('cancelled'),
    remix: vscode.l10n.t('{0} (remix)'),
    noPrompt: vscode.l10n.t('(no prompt)'),
  };
}

/**
 * "Animate Image jobs" in the Explorer: the recent job records of the store, newest unfinished first.
 * Refreshed when the store changes (every saved progress step) and when this window's jobs change. The view itself
 * is created at activation (history/historyProxy.ts), before this engine-side data provider is loaded.
 */
export class HistoryView implements vscode.TreeDataProvider<JobRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly services: Services,
    view: vscode.TreeView<JobRecord>,
  ) {
    this.disposables.push(
      this.changed,
      services.store.onDidChange(() => this.refreshSoon()),
      services.jobs.onDidChange(() => this.refreshSoon()),
      // The store is shared by every window; what others wrote shows when the view comes back into sight.
      view.onDidChangeVisibility((event) => event.visible && this.refresh()),
    );
  }

  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.fire();
  }

  async getChildren(element?: JobRecord): Promise<JobRecord[]> {
    if (element) return [];
    return sortRecords(await this.services.store.list(), shown);
  }

  getTreeItem(record: JobRecord): vscode.TreeItem {
    const view = historyItem(
      record,
      {
        following: this.services.jobs.isFollowing(record.id),
        info: this.services.providers.info(record.remote.provider),
      },
      words(),
    );
    const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.None);
    item.id = view.id;
    item.description = view.description;
    item.tooltip = view.tooltip;
    item.contextValue = view.contextValue;
    item.iconPath = new vscode.ThemeIcon(view.icon);
    if (view.output) {
      item.resourceUri = vscode.Uri.file(view.output);
      item.command = { title: vscode.l10n.t('Open Video'), command: CommandId.HistoryOpen, arguments: [record] };
    }
    item.accessibilityInformation = { label: `${view.label}, ${view.description}` };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Progress saves come in bursts (several jobs); one refresh per quarter second is plenty. */
  private refreshSoon(): void {
    this.timer ??= setTimeout(() => this.refresh(), 250);
  }
}
