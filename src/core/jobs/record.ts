import { z } from 'zod';
import { fitModes } from '../request';
import { isUnfinishedState, jobStates } from './jobState';

/** What is persisted of every submitted job, so a reload, a crash or a max-wait never loses a paid job. */
export const jobRecordSchema = z.object({
  id: z.string().min(1),
  remote: z.object({
    provider: z.string(),
    id: z.string(),
    model: z.string(),
    data: z.record(z.string(), z.string()).optional(),
  }),
  request: z.object({
    image: z.string(),
    lastFrame: z.string().optional(),
    prompt: z.string(),
    provider: z.string(),
    model: z.string(),
    size: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
    seconds: z.number().positive(),
    fit: z.enum(fitModes),
    output: z.string().optional(),
    /** Negative prompt, seed, audio, prompt enhancement: kept so history and "run again" send the same job. */
    extras: z
      .object({
        negativePrompt: z.string().optional(),
        seed: z.number().int().optional(),
        audio: z.boolean().optional(),
        enhancePrompt: z.boolean().optional(),
      })
      .optional(),
  }),
  /** The endpoint the job was sent to, so a resume asks the same server (never the key). */
  endpoint: z.string().optional(),
  state: z.enum(jobStates),
  startedAt: z.number(),
  updatedAt: z.number(),
  progress: z.number().optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  /** Set when the job is a remix: the video it started from, that video's remote job, and its source image's hash. */
  remixOf: z
    .object({
      video: z.string(),
      remoteId: z.string(),
      sourceSha256: z.string().optional(),
    })
    .optional(),
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

export function isUnfinished(record: JobRecord): boolean {
  return isUnfinishedState(record.state);
}
