// Remix: a new (paid) job that starts from a finished video and a new prompt. The provider's `remix` submits it;
// from then on it is an ordinary job (persisted record, followJob, download next to the video, own sidecar).
import * as l10n from '@vscode/l10n';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { AnimateError, atStage } from '../errors';
import { provenanceSchema, sidecarPath, type Provenance } from './provenance';
import { type ProviderInfo, type RemoteJob } from '../providers/provider';
import { parseSize } from '../types';
import { findModel, fitModes, type FitMode, type ResolvedRequest } from '../request';
import { systemClock } from './clock';
import type { JobRecord } from './record';
import { newJobRecord, recordAndFollow, type JobOutcome, type RunOptions, type RunnerDeps } from './runner';

/** A finished video to remix: where it is, the remote job that made it, and the request behind it. */
export interface RemixSource {
  /** Absolute path of the MP4. */
  readonly video: string;
  /** The provider's job that made the video (a remix refers to it by id). */
  readonly remote: RemoteJob;
  /** The request that made the video; its prompt is the old one. */
  readonly request: ResolvedRequest;
  /** The original image's hash from the video's sidecar, carried into the remix's sidecar. */
  readonly sourceSha256?: string;
}

/** A video and its `cat.mp4.json` sidecar. */
export interface SidecarSource {
  readonly video: string;
  readonly provenance: Provenance;
}

/** What `remixJob` starts from: a finished job record, a video with its sidecar, or an already built source. */
export type RemixFrom = JobRecord | SidecarSource | RemixSource;

export function toRemixSource(from: RemixFrom): RemixSource {
  if ('provenance' in from) return remixSourceFromSidecar(from.video, from.provenance);
  if ('state' in from) return remixSourceFromRecord(from);
  return from;
}

/** The video a finished job wrote, as a remix source. */
export function remixSourceFromRecord(record: JobRecord): RemixSource {
  if (record.state !== 'succeeded' || !record.output) {
    throw new AnimateError(
      'bad-input',
      l10n.t('Job {0} has no finished video to remix (it is {1}).', record.id, record.state),
    );
  }
  const { output: _output, lastFrame: _lastFrame, ...request } = record.request;
  return {
    video: record.output,
    remote: { ...record.remote },
    request: { ...request, size: { ...request.size } },
    ...(record.remixOf?.sourceSha256 ? { sourceSha256: record.remixOf.sourceSha256 } : {}),
  };
}

/** The source a remix job started from (to run the same remix again); undefined for a job that is not a remix. */
export function remixOrigin(record: JobRecord): RemixSource | undefined {
  const origin = record.remixOf;
  if (!origin) return undefined;
  const { output: _output, lastFrame: _lastFrame, ...request } = record.request;
  return {
    video: origin.video,
    remote: { provider: record.remote.provider, id: origin.remoteId, model: record.request.model },
    request: { ...request, size: { ...request.size } },
    ...(origin.sourceSha256 ? { sourceSha256: origin.sourceSha256 } : {}),
  };
}

/** A video and its parsed sidecar as a remix source; the image is looked for beside the video. */
export function remixSourceFromSidecar(video: string, provenance: Provenance): RemixSource {
  let size;
  try {
    size = parseSize(provenance.size);
  } catch {
    throw new AnimateError(
      'bad-input',
      l10n.t('{0} names an invalid size "{1}".', basename(sidecarPath(video)), provenance.size),
    );
  }
  const fit: FitMode = (fitModes as readonly string[]).includes(provenance.fit) ? (provenance.fit as FitMode) : 'crop';
  return {
    video,
    remote: {
      provider: provenance.provider,
      id: provenance.remoteJobId,
      model: provenance.model,
      data: { size: provenance.size, seconds: String(provenance.seconds) },
    },
    request: {
      image: join(dirname(video), provenance.source),
      prompt: provenance.prompt,
      provider: provenance.provider,
      model: provenance.model,
      size,
      seconds: provenance.seconds,
      fit,
    },
    sourceSha256: provenance.sourceSha256,
  };
}

/** Parses the text of `cat.mp4.json`; `name` is used in the message when it is not a sidecar of ours. */
export function parseSidecar(text: string, name: string): Provenance {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AnimateError('bad-input', l10n.t('{0} is not valid JSON.', name));
  }
  const parsed = provenanceSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} is not an Animate Image sidecar ({1}: {2}).',
        name,
        issue?.path.join('.') || 'value',
        issue?.message ?? l10n.t('invalid'),
      ),
    );
  }
  return parsed.data;
}

/** Reads `video.mp4.json` beside the video (Node fs; the extension reads it with `workspace.fs` and calls `parseSidecar`). */
export async function readSidecarSource(video: string): Promise<RemixSource> {
  const path = sidecarPath(video);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          'No {0} beside {1}: only videos made by Animate Image (with their sidecar) can be remixed.',
          basename(path),
          basename(video),
        ),
      );
    }
    throw error;
  }
  return remixSourceFromSidecar(video, parseSidecar(text, basename(path)));
}

/** Whether the model that made a video can remix it (the provider's capability table says so). */
export function canRemix(info: ProviderInfo, model: string): boolean {
  try {
    return findModel(info, model).remix;
  } catch {
    return false;
  }
}

/**
 * Where the remix lands: beside the video, never over anything. `cat.mp4` → `cat-2.mp4`; a remix of `cat-2.mp4` counts on
 * from `cat.mp4` (→ `cat-3.mp4`) rather than making `cat-2-2.mp4`. Any other name counts on from itself.
 */
export function remixTarget(source: Pick<RemixSource, 'video' | 'request'>): string {
  const folder = dirname(source.video);
  const videoStem = basename(source.video, extname(source.video));
  const imageStem = basename(source.request.image, extname(source.request.image));
  const numbered = /^(.*)-(\d+)$/.exec(videoStem);
  if (numbered && numbered[1] === imageStem) return join(folder, `${imageStem}${extname(source.video) || '.mp4'}`);
  return source.video;
}

/** The remix as a request: the source's settings with the new prompt, and the output beside the source video. */
export function remixRequest(source: RemixSource, prompt: string): ResolvedRequest {
  return { ...source.request, size: { ...source.request.size }, prompt: prompt.trim(), output: remixTarget(source) };
}

/** Why this provider cannot remix this source with this prompt, before anything is sent; undefined when it can. */
export function remixProblem(info: ProviderInfo, source: RemixSource, prompt: string): string | undefined {
  if (source.remote.provider !== info.id)
    return l10n.t('{0} was made with {1}, not {2}.', basename(source.video), source.remote.provider, info.label);
  if (!canRemix(info, source.request.model))
    return l10n.t('{0} ({1}) cannot remix videos.', info.label, source.request.model);
  const text = prompt.trim();
  if (!text) return l10n.t('A remix needs a prompt describing what to change.');
  const max = findModel(info, source.request.model).maxPromptLength;
  if (text.length > max)
    return l10n.t(
      'The prompt is {0} characters; {1} ({2}) takes at most {3}. Shorten it.',
      text.length,
      info.label,
      source.request.model,
      max,
    );
  return undefined;
}

/**
 * Submits a remix of a finished video once (never retried: a retry is a second bill), persists it like any job, then
 * follows it to a new MP4 beside the source video (`cat-2.mp4`, …) with its own sidecar.
 */
export async function remixJob(
  deps: RunnerDeps,
  from: RemixFrom,
  prompt: string,
  options: RunOptions = {},
): Promise<JobOutcome> {
  const source = toRemixSource(from);
  const { provider } = deps;
  const problem = remixProblem(provider.info, source, prompt);
  if (problem) throw new AnimateError('bad-input', problem);
  if (!provider.remix) throw new AnimateError('bad-input', l10n.t('{0} cannot remix videos.', provider.info.label));
  const signal = options.signal ?? new AbortController().signal;
  signal.throwIfAborted();
  const clock = deps.clock ?? systemClock;
  const request = remixRequest(source, prompt);
  // As for any paid job: a store that cannot record it is found before the remix is sent.
  const repaired = await deps.store.checkWritable?.();
  if (repaired) {
    deps.log.warn(repaired);
    options.onEvent?.({ type: 'note', message: repaired });
  }
  let remote: RemoteJob;
  try {
    remote = await provider.remix(source.remote, request.prompt, signal);
  } catch (error) {
    throw atStage(error, 'submit');
  }
  const record = newJobRecord(deps, remote, request, clock.now(), {
    video: source.video,
    remoteId: source.remote.id,
    ...(source.sourceSha256 ? { sourceSha256: source.sourceSha256 } : {}),
  });
  deps.log.info(
    `job ${record.id}: remix of ${source.remote.id} submitted to ${remote.provider} as ${remote.id} (${request.model})`,
  );
  return recordAndFollow(deps, record, options);
}
