import { basename } from 'node:path';
import * as vscode from 'vscode';
import { AnimateError, errorMessage } from '../../core/errors';
import { parseSidecar, remixRequest, remixSourceFromSidecar, type RemixSource } from '../../core/jobs/remix';
import { estimateCost } from '../../core/pricing';
import { buildProvenance, provenanceCandidates, type Provenance } from '../../core/jobs/provenance';
import { findModel } from '../../core/request';
import { type ProviderInfo } from '../../core/providers/provider';
import { formatSize } from '../../core/types';
import type { AnimateResult } from '../animate/animateOptions';
import { confirmPaidJob } from '../cost/confirmPaidJob';
import { checkRemix, isVideoPath, videoDialogExtensions } from './remixCheck';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';

const videoPreviewViewType = 'vscode.videoPreview';

/**
 * "Remix video…": `(uri?, uris?, options?)` on an MP4 with a `cat.mp4.json` sidecar from a provider that can remix.
 * Asks for the prompt (unless `options.prompt` is given), confirms the cost (always: a remix is a new paid job), then
 * runs it like any job; the new MP4 lands beside the video (`cat-2.mp4`). Resolves to the job's result once it ends,
 * or undefined when nothing was started.
 */
export function registerRemix(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.Remix, (uri?: unknown, uris?: unknown, options?: unknown) =>
    remix(services, uri, uris, options),
  );
}

async function remix(
  services: Services,
  uri: unknown,
  uris: unknown,
  options: unknown,
): Promise<AnimateResult | undefined> {
  const video = await resolveVideo(uri, uris);
  if (!video) return undefined;
  const name = basename(video.path);
  if (video.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('{0} is not a file on disk ({1}:); only files on disk can be animated.', video.path, video.scheme),
    );
    return undefined;
  }
  const provenance = await readProvenance(video, services);
  if (provenance === 'invalid') return undefined;
  const check = checkRemix(provenance, (id) => services.providers.info(id));
  if (!check.ok || !provenance) {
    void vscode.window.showWarningMessage(
      refusal(name, check.ok ? 'no-sidecar' : check.reason, check.ok ? undefined : check.provider),
    );
    return undefined;
  }
  let source: RemixSource;
  try {
    source = remixSourceFromSidecar(video.fsPath, provenance);
  } catch (error) {
    void vscode.window.showErrorMessage(errorMessage(error));
    return undefined;
  }
  const given =
    typeof options === 'object' && options !== null && 'prompt' in options && typeof options.prompt === 'string'
      ? options.prompt
      : undefined;
  const prompt = given?.trim() || (await askPrompt(name, provenance, check.info));
  if (!prompt) return undefined;
  const provider = await services.providers.create(check.info.id, true);
  if (!provider) return undefined;
  if (!(await confirmRemix(name, source, prompt, check.info, services))) return undefined;
  services.log.info(`remixing ${video.fsPath} (${source.remote.provider} ${source.remote.id})`);
  return services.jobs.remix(source, prompt, provider);
}

/** Explorer: the clicked MP4 (or the first selected). Palette: the active video preview, else an open dialog. */
async function resolveVideo(uri: unknown, uris: unknown): Promise<vscode.Uri | undefined> {
  const selected = Array.isArray(uris) ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  const candidate = uri instanceof vscode.Uri ? uri : selected[0];
  if (candidate) {
    if (isVideoPath(candidate.path)) return candidate;
    void vscode.window.showWarningMessage(vscode.l10n.t('Choose an MP4 video made by Animate Image to remix.'));
    return undefined;
  }
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === videoPreviewViewType && isVideoPath(input.uri.path))
    return input.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Remix'),
    title: vscode.l10n.t('Choose a video to remix'),
    filters: { [vscode.l10n.t('Videos')]: videoDialogExtensions },
  });
  return picked?.[0];
}

/**
 * What made the video: its provenance file (beside it or in `.animate-image/`, per `animateImage.provenance`), else its
 * job record (provenance `off`). Undefined when there is neither, `invalid` when the file is broken (the user was told).
 */
async function readProvenance(video: vscode.Uri, services: Services): Promise<Provenance | undefined | 'invalid'> {
  for (const path of provenanceCandidates(video.fsPath)) {
    const found = await readProvenanceFile(video, vscode.Uri.file(path), services);
    if (found !== undefined) return found;
  }
  const record = (await services.store.list()).find((r) => r.state === 'succeeded' && r.output === video.fsPath);
  if (!record) return undefined;
  try {
    return await buildProvenance(record, new Date(record.updatedAt));
  } catch (error) {
    // The source image is gone or unreadable: its hash cannot be given, so the record alone cannot vouch for it.
    services.log.warn(
      `remix: the job record of ${video.fsPath} cannot stand in for its provenance: ${errorMessage(error)}`,
    );
    return undefined;
  }
}

async function readProvenanceFile(
  video: vscode.Uri,
  uri: vscode.Uri,
  services: Services,
): Promise<Provenance | undefined | 'invalid'> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
  try {
    return parseSidecar(new TextDecoder().decode(bytes), basename(uri.path));
  } catch (error) {
    const message = error instanceof AnimateError ? error.message : String(error);
    services.log.warn(`remix: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot remix {0}: {1}', basename(video.path), message));
    return 'invalid';
  }
}

function refusal(
  name: string,
  reason: 'no-sidecar' | 'unknown-provider' | 'cannot-remix',
  provider: string | undefined,
): string {
  switch (reason) {
    case 'no-sidecar':
      return vscode.l10n.t(
        'Cannot remix {0}: there is no {1} beside it. Only videos made by Animate Image with a provider that can remix (OpenAI Videos, Azure OpenAI) can be remixed.',
        name,
        `${name}.json`,
      );
    case 'unknown-provider':
      return vscode.l10n.t(
        'Cannot remix {0}: it was made with "{1}", which this version does not know.',
        name,
        provider ?? '',
      );
    case 'cannot-remix':
      return vscode.l10n.t(
        'Cannot remix {0}: {1} cannot remix videos. Only OpenAI Videos and Azure OpenAI can.',
        name,
        provider ?? '',
      );
  }
}

async function askPrompt(name: string, provenance: Provenance, info: ProviderInfo): Promise<string | undefined> {
  const max = findModel(info, provenance.model).maxPromptLength;
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Remix {0}', name),
    prompt: vscode.l10n.t(
      'Describe what to change; the rest of the video is kept. Made with: "{0}"',
      provenance.prompt,
    ),
    placeHolder: vscode.l10n.t('e.g. make it snow, golden hour light, slower camera'),
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!text.trim()) return vscode.l10n.t('Describe the change.');
      if (text.trim().length > max) return vscode.l10n.t('At most {0} characters ({1} now).', max, text.trim().length);
      return undefined;
    },
  });
  return value?.trim() || undefined;
}

/** Always asked (a modal, never a stray click): a remix is a new job the provider bills. */
async function confirmRemix(
  name: string,
  source: RemixSource,
  prompt: string,
  info: ProviderInfo,
  services: Services,
): Promise<boolean> {
  const request = remixRequest(source, prompt);
  const estimate = estimateCost({
    provider: info.id,
    model: request.model,
    size: formatSize(request.size),
    seconds: request.seconds,
  });
  return confirmPaidJob(
    { kind: 'remix', label: info.label, name, price: { estimate, seconds: request.seconds, model: request.model } },
    services.log,
  );
}
