import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/record';

/** The tree view's id in the Explorer (package.json `contributes.views.explorer`). */
export const historyViewId = 'animateImage.history';

type Change = JobRecord | JobRecord[] | undefined | null | void;

/**
 * The jobs view's data provider from activation on (VS Code wants one when the view is created), standing in for the
 * engine's (historyView.ts): the records, their schema and the provider names are the engine's, so the first time
 * the view asks for data, `data()` loads the engine, and from `attach` on its refreshes are the view's.
 */
export class HistoryProxy implements vscode.TreeDataProvider<JobRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Change>();
  readonly onDidChangeTreeData = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly data: () => vscode.TreeDataProvider<JobRecord>) {}

  getChildren(element?: JobRecord): vscode.ProviderResult<JobRecord[]> {
    return this.data().getChildren(element);
  }

  getTreeItem(element: JobRecord): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.data().getTreeItem(element);
  }

  /** The engine has loaded: its refreshes become this view's. */
  attach(provider: vscode.TreeDataProvider<JobRecord>): void {
    this.forwarding = provider.onDidChangeTreeData?.((change) => this.changed.fire(change));
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
