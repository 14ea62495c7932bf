import { basename } from 'node:path';
import * as vscode from 'vscode';
import { jobRecordSchema, isUnfinished, type JobRecord } from '../../core/jobs/record';
import { remixOrigin } from '../../core/jobs/remix';
import { estimateCost } from '../../core/pricing';
import { formatSize } from '../../core/types';
import { confirmPaidJob } from '../cost/confirmPaidJob';
import type { HistoryView } from './historyView';
import { isFree } from '../cost/priceTable';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';
import type { AlsoFormat } from '../../core/video/alsoSave';
import { filmOfRecord } from './animationSource';
import { saveAnimations } from './saveAnimation';

/** The jobs view's item actions; each takes the item's JobRecord (hidden from the palette). */
export function registerHistoryCommands(services: Services, view: HistoryView): vscode.Disposable {
  const withRecord = (action: (record: JobRecord) => unknown) => async (arg: unknown) => {
    const record = await current(services, arg);
    if (record) await action(record);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.HistoryRefresh, () => view.refresh()),
    vscode.commands.registerCommand(CommandId.HistoryOpen, withRecord(open)),
    vscode.commands.registerCommand(CommandId.HistoryReveal, withRecord(reveal)),
    vscode.commands.registerCommand(
      CommandId.HistoryCancel,
      withRecord((record) => cancel(services, record)),
    ),
    vscode.commands.registerCommand(
      CommandId.HistoryResume,
      withRecord((record) => services.jobs.resume(record, true)),
    ),
    vscode.commands.registerCommand(
      CommandId.HistoryRerun,
      withRecord((record) => rerun(services, record)),
    ),
    vscode.commands.registerCommand(
      CommandId.HistoryRemix,
      withRecord(
        (record) => record.output && vscode.commands.executeCommand(CommandId.Remix, vscode.Uri.file(record.output)),
      ),
    ),
    vscode.commands.registerCommand(
      CommandId.HistorySaveGif,
      withRecord((record) => saveAs(services, record, 'gif')),
    ),
    vscode.commands.registerCommand(
      CommandId.HistorySaveWebp,
      withRecord((record) => saveAs(services, record, 'webp')),
    ),
    vscode.commands.registerCommand(
      CommandId.HistoryRemove,
      withRecord((record) => !isUnfinished(record) && services.store.remove(record.id)),
    ),
  );
}

/** The record as the store has it now (the item may be a moment old); a job id string works too. */
async function current(services: Services, arg: unknown): Promise<JobRecord | undefined> {
  const id = typeof arg === 'string' ? arg : jobRecordSchema.safeParse(arg).data?.id;
  if (!id) return undefined;
  const record = await services.store.get(id);
  if (!record) void vscode.window.showInformationMessage(vscode.l10n.t('This job is no longer in the list.'));
  return record;
}

async function open(record: JobRecord): Promise<void> {
  if (record.output) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(record.output));
}

/** "Save as GIF…/WebP…": the finished video as an animation beside it (never overwriting; the video is untouched). */
async function saveAs(services: Services, record: JobRecord, format: AlsoFormat): Promise<void> {
  if (record.state !== 'succeeded' || !record.output) return;
  await saveAnimations(services.log, [format], record.output, filmOfRecord(record));
}

async function reveal(record: JobRecord): Promise<void> {
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(record.output ?? record.request.image));
}

async function cancel(services: Services, record: JobRecord): Promise<void> {
  if (!isUnfinished(record)) return;
  if (services.jobs.cancelRecord(record.id)) return;
  const message = await services.jobs.cancelUnfollowed(record);
  if (message) void vscode.window.showInformationMessage(message);
}

/** Runs the job (or the remix) again: a new job, so a paid one is confirmed first in a modal with its cost. */
async function rerun(services: Services, record: JobRecord): Promise<void> {
  if (isUnfinished(record)) return;
  const { request } = record;
  const info = services.providers.info(request.provider);
  if (!info) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Unknown provider "{0}".', request.provider));
    return;
  }
  const job = {
    provider: request.provider,
    model: request.model,
    size: formatSize(request.size),
    seconds: request.seconds,
  };
  if (
    !isFree(job) &&
    !(await confirmPaidJob(
      {
        kind: 'run-again',
        label: info.label,
        name: basename(record.remixOf?.video ?? request.image),
        price: { estimate: estimateCost(job), seconds: request.seconds, model: request.model },
      },
      services.log,
    ))
  )
    return;
  const provider = await services.providers.create(request.provider, true);
  if (!provider) return;
  const origin = remixOrigin(record);
  if (origin) {
    void services.jobs.remix(origin, request.prompt, provider);
    return;
  }
  // The new video lands next to the image (or the old output of a CLI job with --output) under a free name.
  void services.jobs.start([request], provider);
}
