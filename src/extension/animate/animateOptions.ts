// The optional third argument of the `animateImage.animate` command. Pure (no vscode), unit-tested.
//
// Internal but documented API (used by the integration and code-server E2E suites, and usable by other
// extensions):
//
//   await vscode.commands.executeCommand('animateImage.animate', imageUri, [imageUri, …], {
//     prompt: 'slow zoom in', provider: 'local', model?: '…', size: '854x480', seconds: 2, fit: 'crop',
//     negativePrompt?: '…', seed?: 42, audio?: false, enhancePrompt?: true,   // only for models that take them
//     motion?: 'orbit', fps?: 24 | 30 | 60, loop?: true,   // the local provider's camera; ignored by any other
//     also?: ['gif', 'webp'],                               // also save an animated GIF/WebP beside the MP4
//     preset?: 'name from animateImage.presets', skipForm: true,
//   });
//
// - Fields override the preset, which overrides the last used values and the settings.
// - `motion`, `fps` and `loop` (from here or from a preset) are dropped for any provider but `local`, as the form does:
//   other providers take the motion from the prompt.
// - `skipForm: true` runs at once without the webview and resolves, when every job has ended, to
//   `AnimateResult[]` (one per image: `{ image, kind: 'succeeded' | 'waiting' | 'failed' | 'cancelled', output?, message? }`).
// - Without `skipForm` the form opens pre-filled and the command resolves to `undefined` once it is shown.
// - `animateImage.animateBetween` takes the same options with `(uri, [firstFrame, lastFrame], options)`: exactly two
//   images, only providers/models that take a last frame; with `skipForm` it resolves to one `AnimateResult`.
// - There is no output path: the video always lands next to its image (`cat.mp4`, `cat-2.mp4`, …).
import { z } from 'zod';
import type { JobEnding } from '../../core/jobs/jobState';
import {
  alsoField,
  cameraFields,
  fitModeValues,
  maxNegativePromptLength,
  maxSeedValue,
  sizeText,
} from '../../shared/protocol';

export const animateOptionsSchema = z.strictObject({
  prompt: z.string().max(20_000).optional(),
  provider: z.string().min(1).max(200).optional(),
  model: z.string().min(1).max(200).optional(),
  size: z.optional(sizeText),
  seconds: z.number().int().positive().max(3600).optional(),
  fit: z.enum(fitModeValues).optional(),
  negativePrompt: z.string().max(maxNegativePromptLength).optional(),
  seed: z.number().int().min(0).max(maxSeedValue).optional(),
  audio: z.boolean().optional(),
  enhancePrompt: z.boolean().optional(),
  ...cameraFields,
  also: alsoField,
  preset: z.string().min(1).max(200).optional(),
  skipForm: z.boolean().optional(),
});
export type AnimateOptions = z.infer<typeof animateOptionsSchema>;

export interface AnimateResult {
  /** Path of the source image. */
  readonly image: string;
  /** How the job ended here (`waiting`: still running at the provider, resumable). */
  readonly kind: JobEnding;
  /** Path of the MP4 when `kind` is `succeeded`. */
  readonly output?: string;
  /** Plain-words reason for `failed`/`cancelled`, or the job id note for `waiting`. */
  readonly message?: string;
}

export function parseAnimateOptions(
  raw: unknown,
): { ok: true; options: AnimateOptions } | { ok: false; message: string } {
  if (raw === undefined || raw === null) return { ok: true, options: {} };
  const parsed = animateOptionsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, options: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}` };
}
