import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { JobRecord } from './record';
import { formatSize } from '../types';
import { estimateCost } from '../pricing';

/**
 * `cat.mp4.json` beside each video: what made it (source hash, prompt, provider, model, size, remote job id), so a
 * video can be remixed or re-run later. One file per video rather than a per-folder history: it travels with the
 * MP4 when copied or renamed, and concurrent jobs never contend for one shared file. Never holds a key.
 */
export const provenanceSchema = z.object({
  version: z.literal(1),
  source: z.string(),
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  lastFrame: z.string().optional(),
  prompt: z.string(),
  provider: z.string(),
  model: z.string(),
  size: z.string(),
  seconds: z.number(),
  fit: z.string(),
  jobId: z.string(),
  remoteJobId: z.string(),
  createdAt: z.string(),
  estimatedUsd: z.number().optional(),
  /** A remix: the video (file name) it was made from and that video's remote job id. */
  remixOf: z.object({ video: z.string(), remoteJobId: z.string() }).optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export function sidecarPath(videoPath: string): string {
  return `${videoPath}.json`;
}

/**
 * Where provenance goes: `beside` the video (`cat.mp4.json`), into one hidden `.animate-image/` `folder` per directory
 * (`.animate-image/cat.mp4.json`), or `off` (only the jobs store keeps it).
 */
export const provenanceModes = ['beside', 'folder', 'off'] as const;
export type ProvenanceMode = (typeof provenanceModes)[number];
export const provenanceFolderName = '.animate-image';

/** The provenance file of `videoPath` in `mode`; undefined when provenance is off. */
export function provenancePath(videoPath: string, mode: ProvenanceMode): string | undefined {
  if (mode === 'off') return undefined;
  if (mode === 'beside') return sidecarPath(videoPath);
  return join(dirname(videoPath), provenanceFolderName, `${basename(videoPath)}.json`);
}

/** Every place a video's provenance may be, the usual one first (a reader tries them in turn). */
export function provenanceCandidates(videoPath: string): string[] {
  return [sidecarPath(videoPath), join(dirname(videoPath), provenanceFolderName, `${basename(videoPath)}.json`)];
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export async function buildProvenance(record: JobRecord, now: Date): Promise<Provenance> {
  const { request } = record;
  const size = formatSize(request.size);
  const cost = estimateCost({ provider: request.provider, model: request.model, size, seconds: request.seconds });
  return {
    version: 1,
    source: basename(request.image),
    // A remix keeps the original image's hash from its source's sidecar: the image may have changed or gone since.
    sourceSha256: record.remixOf?.sourceSha256 ?? (await sha256File(request.image)),
    ...(request.lastFrame ? { lastFrame: basename(request.lastFrame) } : {}),
    prompt: request.prompt,
    provider: request.provider,
    model: request.model,
    size,
    seconds: request.seconds,
    fit: request.fit,
    jobId: record.id,
    remoteJobId: record.remote.id,
    createdAt: now.toISOString(),
    ...(cost ? { estimatedUsd: cost.usd } : {}),
    ...(record.remixOf
      ? { remixOf: { video: basename(record.remixOf.video), remoteJobId: record.remixOf.remoteId } }
      : {}),
  };
}
