// The language-model tools' inputs: one zod schema each parses what the agent sends, and the JSON schema in
// package.json (`contributes.languageModelTools[].inputSchema`) is generated from it (a unit test fails on drift).
// Pure (no vscode). The fields are the core request's, so the same checks as the CLI and the form apply.
import { z } from 'zod';
import { providerIds } from '../../core/providers/registry';
import { animationRequestSchema } from '../../core/request';
import { toolNames, type ToolName } from './toolNames';

const request = animationRequestSchema.shape;
const providerId = z.enum(providerIds);

export const animateToolInput = z.strictObject({
  images: z
    .array(request.image)
    .min(1)
    .max(16)
    .describe(
      'PNG, JPEG or WebP images in the workspace: paths relative to the first workspace folder, or absolute. One video each, saved beside its image (cat.png → cat.mp4, never overwriting: cat-2.mp4).',
    ),
  prompt: z
    .string()
    .max(20_000)
    .optional()
    .describe('How the image should move, e.g. "slow push-in, leaves rustle". Required by the paid providers.'),
  provider: providerId
    .optional()
    .describe(
      'Provider id from list_video_models (default: the user’s animateImage.defaultProvider). "local" is offline and free.',
    ),
  model: request.model.describe('Model id from list_video_models (default: the provider’s first).'),
  size: request.size.describe('Output size WxH, one the model lists (default: its first).'),
  seconds: request.seconds
    .unwrap()
    .max(3600)
    .optional()
    .describe('Duration in seconds, one the model lists (default: its first).'),
  fit: request.fit
    .unwrap()
    .optional()
    .describe('How the image fits the size: crop, smart (around the subject) or pad.'),
  lastFrame: request.lastFrame.describe(
    'An image in the workspace to end on, for models whose lastFrame is true in list_video_models.',
  ),
  negativePrompt: request.negativePrompt.describe('What must not appear (models whose extras list negativePrompt).'),
  seed: request.seed.describe('Seed for a repeatable result (models whose extras list seed).'),
  audio: request.audio.describe('Generate audio (true) or a silent video (false), for models whose extras list audio.'),
  enhancePrompt: request.enhancePrompt.describe(
    'Let the provider rewrite the prompt (models whose extras list enhancePrompt).',
  ),
});
export type AnimateToolInput = z.infer<typeof animateToolInput>;

export const listModelsToolInput = z.strictObject({});

export const checkToolInput = z.strictObject({
  provider: providerId.optional().describe('Provider id; unset = every provider that is set up.'),
  model: z.string().min(1).max(200).optional().describe('Model id to check access to (needs provider).'),
});
export type CheckToolInput = z.infer<typeof checkToolInput>;

export const toolInputSchemas = {
  [toolNames.animate]: animateToolInput,
  [toolNames.listModels]: listModelsToolInput,
  [toolNames.check]: checkToolInput,
} as const;

/** The JSON schema VS Code shows the model (package.json), as generated from the zod schema that parses the input. */
export function toolJsonSchema(name: ToolName): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(toolInputSchemas[name], { io: 'input' });
  return schema;
}

/** The input, or the first problem in words the agent can act on (`images.0: …`). */
export function parseToolInput<T>(
  schema: z.ZodType<T>,
  raw: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` };
}
