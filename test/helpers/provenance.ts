import type { Provenance } from '../../src/core/jobs/provenance';

/** A sidecar as a finished sora-2 job would leave it beside `cat.mp4`. */
export const sampleSidecar: Provenance = {
  version: 1,
  source: 'cat.png',
  sourceSha256: 'a'.repeat(64),
  prompt: 'slow zoom in',
  provider: 'openai-videos',
  model: 'sora-2',
  size: '1280x720',
  seconds: 8,
  fit: 'crop',
  jobId: 'job-1',
  remoteJobId: 'video_1',
  createdAt: '2026-11-25T00:00:00.000Z',
};
