// Where a GIF/WebP of a finished job comes from: a local job's clip is filmed again from what the renderer recorded;
// any other provider's MP4 is decoded with ffmpeg (core/video/convertVideo.ts). No vscode here: unit-tested.
import { localProviderId } from '../../core/providers/local';
import { existsSync } from 'node:fs';
import type { JobRecord } from '../../core/jobs/record';
import { FPS_CHOICES } from '../../core/video/clipPlan';
import { localFilm, type LocalFilm } from '../../core/video/convertVideo';
import { isMotion } from '../../shared/motion';

/**
 * The film of a finished local job, from what the renderer recorded (`remote.data`: motion, fps, loop); undefined for
 * another provider's job, or when its image is gone (the MP4 is then decoded instead).
 */
export function filmOfRecord(record: JobRecord, exists: (path: string) => boolean = existsSync): LocalFilm | undefined {
  if (record.remote.provider !== localProviderId || !exists(record.request.image)) return undefined;
  const data = record.remote.data ?? {};
  const fps = Number(data.fps);
  return localFilm(record.request, record.request.size, {
    ...(data.motion !== undefined && isMotion(data.motion) ? { motion: data.motion } : {}),
    ...((FPS_CHOICES as readonly number[]).includes(fps) ? { fps } : {}),
    loop: data.loop === 'true',
  });
}
