/**
 * New jobs from the CLI's flags or an MCP tool call: the images checked, the output planned (never an existing file),
 * each request resolved against the provider's catalog. Nothing is sent and no folder is made here.
 */
import * as l10n from '@vscode/l10n';
import { access } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { AnimateError } from '../core/errors';
import { createPlannedFolder, planOutputFolder, planOutputTarget, videoNameFor } from '../core/outputTarget';
import type { ProviderInfo } from '../core/providers/provider';
import { resolveRequest, type FitMode, type ResolvedRequest } from '../core/request';
import { modelFromEnv } from './environment';

export interface NewJobsInput {
  readonly images: readonly string[];
  readonly lastFrame?: string;
  readonly prompt: string;
  readonly model?: string;
  readonly size?: string;
  readonly seconds?: number;
  readonly fit: FitMode;
  readonly output?: string;
  readonly negativePrompt?: string;
  readonly seed?: number;
  readonly audio?: boolean;
  readonly enhancePrompt?: boolean;
}

/** How the caller names each field in its messages (`--image` for the CLI, `images` for a tool). */
export interface FieldNames {
  readonly image: string;
  readonly lastFrame: string;
  readonly output: string;
}

export interface NewJobs {
  readonly requests: ResolvedRequest[];
  /** Makes the output folder the plan needs; call it only once everything else is valid. */
  readonly makeOutputFolder: () => Promise<void>;
}

export async function planNewJobs(
  input: NewJobsInput,
  info: ProviderInfo,
  env: NodeJS.ProcessEnv,
  cwd: string,
  names: FieldNames,
): Promise<NewJobs> {
  // The output is checked before anything is paid for; a folder it needs is made only once the rest is valid.
  const batchPlan =
    input.output !== undefined && input.images.length > 1
      ? await planOutputFolder(input.output, cwd, names.output)
      : undefined;
  const singlePlan =
    input.output !== undefined && input.images.length === 1
      ? await planOutputTarget(input.output, input.images[0] ?? '', cwd, names.output)
      : undefined;
  const requests = await Promise.all(
    input.images.map(async (image) => {
      await mustExist(image, cwd, names.image);
      if (input.lastFrame) await mustExist(input.lastFrame, cwd, names.lastFrame);
      const output = batchPlan ? join(batchPlan.folder, videoNameFor(image)) : singlePlan?.path;
      return resolveRequest(
        {
          image,
          ...(input.lastFrame ? { lastFrame: input.lastFrame } : {}),
          prompt: input.prompt,
          provider: info.id,
          model: input.model ?? modelFromEnv(info, env),
          size: input.size,
          seconds: input.seconds,
          fit: input.fit,
          output,
          ...(input.negativePrompt === undefined ? {} : { negativePrompt: input.negativePrompt }),
          ...(input.seed === undefined ? {} : { seed: input.seed }),
          ...(input.audio === undefined ? {} : { audio: input.audio }),
          ...(input.enhancePrompt === undefined ? {} : { enhancePrompt: input.enhancePrompt }),
        },
        info,
        cwd,
      );
    }),
  );
  const folder = batchPlan?.createFolder ?? singlePlan?.createFolder;
  return { requests, makeOutputFolder: () => createPlannedFolder(folder, names.output) };
}

export async function mustExist(path: string, cwd: string, field: string): Promise<void> {
  try {
    await access(isAbsolute(path) ? path : join(cwd, path));
  } catch {
    throw new AnimateError('bad-input', l10n.t('{0} {1}: no such file.', field, path));
  }
}
