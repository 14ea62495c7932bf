import { basename } from 'node:path';
import * as vscode from 'vscode';
import { findModel } from '../../core/request';
import { commandOptions, directValues, startAnimation } from './animateFlow';
import type { AnimateResult } from './animateOptions';
import {
  betweenArgs,
  chooseLastFrameModel,
  chooseLastFrameProvider,
  lastFrameProviders,
  readyLastFrameProviders,
  type LastFrameProvider,
} from './betweenChoices';
import { findPreset, type ValueLayer } from '../../shared/valueLayers';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';
import { setCanAnimateBetween } from './betweenContext';

/**
 * "Animate between images": `(uri, [first, last], options?)` from the explorer with exactly two images selected.
 * The first selected image is the first frame, the second the last frame. Only providers/models that take a last
 * frame are offered. With `options.skipForm` it runs at once and resolves to the one `AnimateResult`.
 */
export function registerAnimateBetween(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(
    CommandId.AnimateBetween,
    (uri?: unknown, uris?: unknown, rawOptions?: unknown) => animateBetween(services, uri, uris, rawOptions),
  );
}

async function animateBetween(
  services: Services,
  uri: unknown,
  uris: unknown,
  rawOptions: unknown,
): Promise<AnimateResult[] | undefined> {
  const { skipForm, preset: presetName, ...args } = commandOptions(CommandId.AnimateBetween, rawOptions);
  const selection = betweenArgs(uri, uris, isUri);
  if (!selection.ok) {
    const message = vscode.l10n.t(
      'Select exactly two PNG, JPEG or WebP images: the first selected is the first frame, the second the last frame.',
    );
    if (skipForm) throw new Error(message);
    void vscode.window.showWarningMessage(message);
    return undefined;
  }
  const preset = findPreset(services.settings.read().presets, presetName);
  if (presetName !== undefined && !preset)
    throw new Error(vscode.l10n.t('No preset named "{0}" in animateImage.presets.', presetName));
  const capable = lastFrameProviders(services.providers.infos());
  const merged = directValues(services, preset, args);
  if (args.provider !== undefined && !capable.some((c) => c.info.id === args.provider)) {
    throw new Error(
      vscode.l10n.t(
        '{0} cannot animate between two images. Providers that can: {1}.',
        args.provider,
        capable.map((c) => c.info.id).join(', '),
      ),
    );
  }
  // Only the providers the user has set up are offered; none set up: say which could, and how to set one up.
  const ready = new Set((await setUpLastFrameProviders(services, capable)).map((c) => c.info.id));
  const candidates = readyLastFrameProviders(capable, (info) => ready.has(info.id), args.provider);
  if (candidates.length === 0) {
    const message = vscode.l10n.t(
      'None of the providers you have set up can animate between two images. Providers that can: {0}. Set one up (API key and address) first.',
      capable.map((c) => c.info.label).join(', '),
    );
    if (skipForm) throw new Error(message);
    const setKey = vscode.l10n.t('Set API Key…');
    const first = capable[0]?.info.id;
    if ((await vscode.window.showWarningMessage(message, setKey)) === setKey)
      await vscode.commands.executeCommand(CommandId.SetApiKey, first);
    return undefined;
  }
  const chosen = chooseLastFrameProvider(candidates, merged.provider);
  if (!chosen) throw new Error(vscode.l10n.t('No provider can animate between two images.'));
  const { provider, switched } = chosen;
  if (switched) {
    const wanted = services.providers.info(merged.provider ?? '')?.label ?? merged.provider ?? '';
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} cannot animate between two images; using {1} instead.', wanted, provider.info.label),
    );
  }
  // Model, size and seconds from the settings or last values belong to another provider when it was switched.
  const base: ValueLayer = switched
    ? { ...args, provider: provider.info.id }
    : { ...merged, provider: provider.info.id };
  const model = args.model ?? chooseLastFrameModel(provider, base.model);
  const values: ValueLayer = { ...base, ...(model !== undefined ? { model } : {}) };
  if (skipForm) {
    const started = await startAnimation(services, [selection.first], values, selection.last);
    if (!started.ok) {
      if (started.message) void vscode.window.showErrorMessage(started.message);
      throw new Error(started.message || vscode.l10n.t('Not started.'));
    }
    return started.results;
  }
  const picked = await pickValues(candidates, provider, values, selection.last);
  if (!picked) return undefined;
  const started = await startAnimation(services, [selection.first], picked, selection.last);
  if (!started.ok) {
    if (started.message) void vscode.window.showErrorMessage(started.message);
    return undefined;
  }
  void started.results;
  return undefined;
}

/** Provider → model → size → seconds → prompt, offering only what can take a last frame. Undefined when the user backs out. */
async function pickValues(
  candidates: readonly LastFrameProvider[],
  initial: LastFrameProvider,
  values: ValueLayer,
  last: vscode.Uri,
): Promise<ValueLayer | undefined> {
  const title = vscode.l10n.t('Animate between images (last frame: {0})', basename(last.path));
  const providerItem = await pick(
    candidates.map((c) => ({ label: c.info.label, description: c.info.id, value: c })),
    initial,
    title,
    vscode.l10n.t('Provider (only those that take a last frame)'),
  );
  if (!providerItem) return undefined;
  const modelIds = providerItem.models.map((m) => m.id);
  const wantedModel = providerItem === initial ? values.model : chooseLastFrameModel(providerItem, undefined);
  if (wantedModel !== undefined && !modelIds.includes(wantedModel)) modelIds.push(wantedModel);
  const modelId =
    modelIds.length === 1
      ? modelIds[0]
      : await pick(
          modelIds.map((id) => ({ label: id, value: id })),
          wantedModel,
          title,
          vscode.l10n.t('Model'),
        );
  if (modelId === undefined) return undefined;
  const capabilities = findModel(providerItem.info, modelId);
  const sameModel = providerItem === initial && modelId === values.model;
  const size = await pick(
    capabilities.sizes.map((s) => ({ label: s, value: s })),
    sameModel ? values.size : undefined,
    title,
    vscode.l10n.t('Size'),
  );
  if (size === undefined) return undefined;
  const seconds = await pick(
    capabilities.seconds.map((s) => ({ label: vscode.l10n.t('{0} s', s), value: s })),
    sameModel ? values.seconds : undefined,
    title,
    vscode.l10n.t('Duration'),
  );
  if (seconds === undefined) return undefined;
  const prompt = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Describe the motion from the first image to the last'),
    value: values.prompt ?? '',
    validateInput: (text) =>
      text.trim().length > capabilities.maxPromptLength
        ? vscode.l10n.t('At most {0} characters ({1} now).', capabilities.maxPromptLength, text.trim().length)
        : undefined,
  });
  if (prompt === undefined) return undefined;
  return {
    provider: providerItem.info.id,
    model: modelId,
    size,
    seconds,
    prompt,
    ...(values.fit ? { fit: values.fit } : {}),
  };
}

async function pick<T>(
  items: ReadonlyArray<vscode.QuickPickItem & { value: T }>,
  active: T | undefined,
  title: string,
  placeHolder: string,
): Promise<T | undefined> {
  const ordered = [...items.filter((i) => i.value === active), ...items.filter((i) => i.value !== active)];
  const chosen = await vscode.window.showQuickPick(ordered, { title, placeHolder });
  return chosen?.value;
}

function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}

/** The last-frame providers that could start now: a key where one is needed, and their address set. */
export async function setUpLastFrameProviders(
  services: Services,
  capable: readonly LastFrameProvider[],
): Promise<LastFrameProvider[]> {
  const ready: LastFrameProvider[] = [];
  for (const candidate of capable) {
    if (services.providers.destination(candidate.info.id).problem !== undefined) continue;
    if (await services.keys.has(candidate.info)) ready.push(candidate);
  }
  return ready;
}

/**
 * Keeps the context key `animateImage.canAnimateBetween` (the Explorer menu's condition) true only while a provider the
 * user has set up can animate between two images: re-checked when keys or settings change, and remembered in `state`
 * for the next start.
 */
export function trackBetweenAvailability(services: Services, state: vscode.Memento): vscode.Disposable {
  const update = async (): Promise<void> => {
    const capable = lastFrameProviders(services.providers.infos());
    await setCanAnimateBetween(state, (await setUpLastFrameProviders(services, capable)).length > 0);
  };
  void update();
  return vscode.Disposable.from(
    services.keys.onDidChange(() => void update()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('animateImage')) void update();
    }),
  );
}
