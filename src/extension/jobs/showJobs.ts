import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isUnfinished, type JobRecord } from '../../core/jobs/record';
import { sortRecords } from '../history/historyItems';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';

const stateIcons: Record<JobRecord['state'], string> = {
  running: '$(sync~spin)',
  waiting: '$(watch)',
  succeeded: '$(pass)',
  failed: '$(error)',
  cancelled: '$(circle-slash)',
};

/** "Show jobs": running, waiting and recent jobs from the store, each with what can be done with it. */
export function registerShowJobs(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ShowJobs, () => showJobs(services));
}

async function showJobs(services: Services): Promise<void> {
  const records = sortRecords(await services.store.list()).slice(0, 100);
  if (records.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No jobs yet.'));
    return;
  }
  const items = records.map((record) => ({
    label: `${stateIcons[record.state]} ${basename(record.request.image)}`,
    description: [
      `${record.request.provider}/${record.request.model}`,
      stateLabel(record, services),
      new Date(record.updatedAt).toLocaleString(vscode.env.language),
    ].join(' · '),
    detail: record.error ?? record.request.prompt,
    record,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Animate Image jobs'),
    placeHolder: vscode.l10n.t('Choose a job'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await jobActions(services, picked.record);
}

function stateLabel(record: JobRecord, services: Services): string {
  switch (record.state) {
    case 'running':
      return services.jobs.isFollowing(record.id) ? vscode.l10n.t('running') : vscode.l10n.t('running (not followed)');
    case 'waiting':
      return vscode.l10n.t('waiting to resume');
    case 'succeeded':
      return vscode.l10n.t('done');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
  }
}

type Action = { label: string; run: () => unknown };

async function jobActions(services: Services, record: JobRecord): Promise<void> {
  const actions: Action[] = [];
  const source = vscode.Uri.file(record.request.image);
  const followed = services.jobs.isFollowing(record.id);
  if (record.state === 'succeeded' && record.output) {
    const output = vscode.Uri.file(record.output);
    actions.push({
      label: `$(play) ${vscode.l10n.t('Open Video')}`,
      run: () => vscode.commands.executeCommand('vscode.open', output),
    });
    actions.push({
      label: `$(files) ${vscode.l10n.t('Reveal Video in Explorer')}`,
      run: () => vscode.commands.executeCommand('revealInExplorer', output),
    });
  }
  if (isUnfinished(record) && !followed) {
    actions.push({
      label: `$(debug-continue) ${vscode.l10n.t('Resume (follow the job; nothing is submitted again)')}`,
      run: () => services.jobs.resume(record, true),
    });
  }
  if (isUnfinished(record)) {
    actions.push({
      label: `$(circle-slash) ${vscode.l10n.t('Cancel Job')}`,
      run: async () => {
        if (services.jobs.cancelRecord(record.id)) return;
        const message = await services.jobs.cancelUnfollowed(record);
        if (message) void vscode.window.showInformationMessage(message);
      },
    });
  }
  actions.push({
    label: `$(file-media) ${vscode.l10n.t('Reveal Source Image')}`,
    run: () => vscode.commands.executeCommand('revealInExplorer', source),
  });
  actions.push({ label: `$(output) ${vscode.l10n.t('Show Log')}`, run: () => services.log.show() });
  if (!isUnfinished(record)) {
    actions.push({
      label: `$(trash) ${vscode.l10n.t('Remove from the List')}`,
      run: () => services.store.remove(record.id),
    });
  }
  const picked = await vscode.window.showQuickPick(actions, {
    title: `${basename(record.request.image)} · ${record.remote.provider} ${record.remote.id}`,
  });
  await picked?.run();
}
