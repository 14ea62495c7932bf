import * as vscode from 'vscode';
import { AnimateError } from '../../core/errors';
import { customModelPriceRules, estimateCost } from '../../core/pricing';
import type { Lifecycle } from '../../core/providers/catalog';
import { type ProviderInfo } from '../../core/providers/provider';
import { formatSize } from '../../core/types';
import { describeRequest, resolveRequest, type ResolvedRequest } from '../../core/request';
import type { FormValues, ProviderView } from '../../shared/protocol';
import { parseAnimateOptions, type AnimateOptions, type AnimateResult } from './animateOptions';
import type { CommandId } from '../commandIds';
import { confirmPaidJob } from '../cost/confirmPaidJob';
import { costDecision } from '../cost/costText';
import { cameraOptions, ignoredCameraOptions, LOCAL_PROVIDER, providerViews, runValues } from '../form/formModel';
import type { AlsoFormat } from '../../core/video/alsoSave';
import { localFilm, type CameraChoice } from '../../core/video/convertVideo';
import { saveAnimations } from '../history/saveAnimation';
import { needsPrompt } from '../../shared/formValidation';
import type { ValueLayer } from '../../shared/valueLayers';
import type { Preset } from '../../shared/protocol';
import type { Services } from '../platform/services';

export type StartResult =
  | { readonly ok: true; readonly results: Promise<AnimateResult[]> }
  /** `message` is empty when the user was already told (e.g. declined to set a key). */
  | { readonly ok: false; readonly message: string };

/**
 * Checks the values against the provider for every image, makes sure the provider can run, then starts.
 * With `lastFrame` every image is animated towards that image (the provider's model must take a last frame).
 */
export async function startAnimation(
  services: Services,
  images: readonly vscode.Uri[],
  values: ValueLayer,
  lastFrame?: vscode.Uri,
): Promise<StartResult> {
  const providerId = values.provider ?? services.settings.read().defaultProvider;
  const info = services.providers.info(providerId);
  if (!info) return { ok: false, message: vscode.l10n.t('Unknown provider "{0}".', providerId) };
  // Refused here, before any job exists: it would fail at the provider (and its Retry the same way).
  if (needsPrompt(info.id) && !(values.prompt ?? '').trim()) {
    return { ok: false, message: vscode.l10n.t('{0} needs a prompt: describe the motion.', info.label) };
  }
  const requests: ResolvedRequest[] = [];
  for (const uri of lastFrame ? [...images, lastFrame] : images) {
    if (uri.scheme !== 'file') {
      return {
        ok: false,
        message: vscode.l10n.t(
          '{0} is not a file on disk ({1}:); only files on disk can be animated.',
          uri.path,
          uri.scheme,
        ),
      };
    }
  }
  for (const uri of images) {
    try {
      requests.push(
        resolveRequest(
          {
            image: uri.fsPath,
            ...(lastFrame ? { lastFrame: lastFrame.fsPath } : {}),
            prompt: values.prompt ?? '',
            provider: info.id,
            model: values.model,
            size: values.size,
            seconds: values.seconds,
            fit: values.fit,
            // Extras the model cannot take are refused here with the models that can (never dropped on the way).
            ...(values.negativePrompt?.trim() ? { negativePrompt: values.negativePrompt } : {}),
            ...(values.seed !== undefined ? { seed: values.seed } : {}),
            ...(values.audio !== undefined ? { audio: values.audio } : {}),
            ...(values.enhancePrompt !== undefined ? { enhancePrompt: values.enhancePrompt } : {}),
          },
          info,
        ),
      );
    } catch (error) {
      if (error instanceof AnimateError) return { ok: false, message: error.message };
      throw error;
    }
  }
  // The form's camera options (local only) go to the provider for this job; other providers read the prompt.
  const camera = cameraOptions({ ...values, provider: info.id });
  const ignored = ignoredCameraOptions({ ...values, provider: info.id });
  if (ignored.length > 0)
    services.log.info(
      `${ignored.join(', ')} ignored: only the local provider films a camera move; ${info.id} reads the prompt`,
    );
  const provider = await services.providers.create(info.id, true, camera);
  if (!provider) return { ok: false, message: '' };
  if (!(await confirmCost(services, info, requests))) return { ok: false, message: '' };
  // A deprecated model or a service retired upstream: worth knowing before the job, not a reason to stop it.
  for (const warning of new Set(requests.flatMap((r) => r.warnings ?? []))) {
    services.log.warn(warning);
    void vscode.window.showWarningMessage(warning);
  }
  services.log.info(
    `starting ${requests.length} job(s) with ${info.id}${requests[0]?.extras ? ` (${describeRequest(requests[0])})` : ''}`,
  );
  const results = services.jobs.start(requests, provider);
  const also = [...new Set(values.also ?? [])];
  return {
    ok: true,
    results: also.length > 0 ? results.then((r) => alsoSave(services, r, requests, also, camera)) : results,
  };
}

/** After each video is saved (a failed conversion never costs the MP4): its GIF/WebP beside it. */
async function alsoSave(
  services: Services,
  results: AnimateResult[],
  requests: readonly ResolvedRequest[],
  formats: readonly AlsoFormat[],
  camera: CameraChoice | undefined,
): Promise<AnimateResult[]> {
  // One result per request, in order (JobController.start).
  for (const [index, result] of results.entries()) {
    const request = requests[index];
    if (result.kind !== 'succeeded' || !result.output || !request) continue;
    const film = request.provider === LOCAL_PROVIDER ? localFilm(request, request.size, camera ?? {}) : undefined;
    await saveAnimations(services.log, formats, result.output, film);
  }
  return results;
}

/** A command's options argument (the internal test API), or an error naming the command and the bad field. */
export function commandOptions(command: CommandId, raw: unknown): AnimateOptions {
  const parsed = parseAnimateOptions(raw);
  if (!parsed.ok) throw new Error(vscode.l10n.t('Invalid options for {0}: {1}', command, parsed.message));
  return parsed.options;
}

/** Values for a run without the form: settings < preset < arguments (not the last used values: reproducible). */
export function directValues(services: Services, preset: Preset | undefined, args: ValueLayer): ValueLayer {
  return runValues(services.settings.read(), preset, args);
}

/** Provider choices for the form (labels in the display language), with key status (stored key or environment variable). */
export async function providerChoices(services: Services, extraModels: readonly ValueLayer[]): Promise<ProviderView[]> {
  const withKey = new Set<string>();
  const infos = services.providers.infos();
  for (const info of infos) if (await services.keys.has(info)) withKey.add(info.id);
  return providerViews(
    infos,
    extraModels,
    (info) => withKey.has(info.id),
    (info) => services.providers.destination(info.id),
    lifecycleText,
  );
}

/** When a deprecated model shuts down and what follows it, in the display language (undefined for a live model). */
export function lifecycleText(lifecycle: Lifecycle): string | undefined {
  if (lifecycle.state !== 'deprecated') return undefined;
  return lifecycle.successor
    ? vscode.l10n.t(
        'Deprecated by the provider: shuts down on {0}. Successor: {1}.',
        lifecycle.date,
        lifecycle.successor,
      )
    : vscode.l10n.t('Deprecated by the provider: shuts down on {0}.', lifecycle.date);
}

export function rememberValues(services: Services, values: FormValues): void {
  // Saving a GIF/WebP too writes more files: asked for each run, never carried over to the next form.
  const { also: _also, ...kept } = values;
  void services.lastValues.set(kept);
}

/**
 * Above `animateImage.confirmCostAboveUsd` (or an unknown price for several paid jobs) the user confirms first, in a
 * modal: `10 × 8 s × sora-2 ≈ $8.00`. Free jobs and cheap ones start at once.
 */
async function confirmCost(
  services: Services,
  info: ProviderInfo,
  requests: readonly ResolvedRequest[],
): Promise<boolean> {
  const first = requests[0];
  if (!first) return true;
  const settings = services.settings.read();
  const threshold = settings.confirmCostAboveUsd;
  const estimate = estimateCost(
    {
      provider: info.id,
      model: first.model,
      size: formatSize(first.size),
      seconds: first.seconds,
      ...(first.extras?.audio === undefined ? {} : { audio: first.extras.audio }),
    },
    customModelPriceRules(settings.customModels),
  );
  if (costDecision(estimate, requests.length, threshold) !== 'confirm') return true;
  return confirmPaidJob(
    {
      kind: 'start',
      label: info.label,
      count: requests.length,
      price: { estimate, seconds: first.seconds, model: first.model },
      thresholdUsd: threshold,
    },
    services.log,
  );
}
