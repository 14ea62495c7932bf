/**
 * `animate-image mcp`: the CLI's jobs as MCP tools on stdio, for agents (Claude Desktop, Cursor, Continue …). The
 * same core path as `animate-image --image` (store, never overwrite, resume), and a session budget no call can
 * exceed. stdout carries the protocol only: logs go to stderr.
 */
import { basename } from 'node:path';
import * as l10n from '@vscode/l10n';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import { AnimateError, atStage, errorMessage } from '../core/errors';
import { pricedJob, SessionBudget } from '../core/jobs/budget';
import { runBatch } from '../core/jobs/batch';
import type { FileJobStore } from '../core/jobs/fileStore';
import type { JobRecord } from '../core/jobs/record';
import type { JobEvent, RunnerDeps } from '../core/jobs/runner';
import { nodeOutputPort } from '../core/output';
import { customModelPriceRules } from '../core/pricing';
import type { CustomModel } from '../core/providers/catalog';
import { describeCheck } from '../core/providers/connectionCheck';
import type { Logger } from '../core/types';
import { catalogExport, createProvider, providerInfo } from '../core/providers/registry';
import { animationRequestSchema } from '../core/request';
import { AgentJobs, type AgentJobResult, type JobListener } from './agentJobs';
import { runChecks } from './check';
import { chooseProvider, isConfigured, providerContext } from './environment';
import { planNewJobs } from './newJobs';
import { exitCodes } from './exitCodes';
import { describeEvent } from './progress';

export interface McpServerOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly budgetUsd: number;
  readonly customModels: readonly CustomModel[];
  readonly store: FileJobStore;
  readonly log: Logger;
  readonly version: string;
}

/** Well under the 60 s many clients give a tool call; a job still running then is returned by id, to resume. */
const DEFAULT_MAX_WAIT_SECONDS = 50;
/** Jobs of one call followed at once, as the CLI's default --concurrency. */
const CONCURRENCY = 3;

// The fields are the core request schema's (the validation the CLI's flags end in), described for the agent.
const request = animationRequestSchema.shape;
const maxWaitSeconds = z
  .number()
  .positive()
  .max(600)
  .optional()
  .describe(
    `Seconds to wait for the video before returning the job id to resume (default ${DEFAULT_MAX_WAIT_SECONDS}); the job goes on either way.`,
  );

const animateShape = {
  images: z
    .array(request.image)
    .min(1)
    .max(16)
    .describe(
      'PNG, JPEG or WebP images, absolute paths (a relative path is taken from the server’s working folder). One video each.',
    ),
  prompt: request.prompt.describe('How the image should move, e.g. "slow push-in, leaves rustle".'),
  provider: request.provider
    .unwrap()
    .optional()
    .describe('Provider id from list_video_models (default: ANIMATE_IMAGE_PROVIDER, else "local", offline and free).'),
  model: request.model.describe('Model id from list_video_models (default: the provider’s first).'),
  size: request.size.describe('Output size WxH, one the model lists (default: its first).'),
  seconds: request.seconds.describe('Duration in seconds, one the model lists.'),
  fit: request.fit.describe('How the image fits the size: crop or pad.'),
  lastFrame: request.lastFrame.describe('An image to end on, for models with lastFrame.'),
  negativePrompt: request.negativePrompt.describe('What must not appear (models whose extras list negativePrompt).'),
  seed: request.seed.describe('Seed for a repeatable result (models whose extras list seed).'),
  audio: request.audio.describe('Generate audio (true) or a silent video (false), for models whose extras list audio.'),
  enhancePrompt: request.enhancePrompt.describe(
    'Let the provider rewrite the prompt (models whose extras list enhancePrompt).',
  ),
  output: request.output.describe(
    'Output MP4 path, or a folder ending in / (default: beside the image). Never overwrites: cat-2.mp4.',
  ),
  maxWaitSeconds,
};

const jobIdShape = {
  jobId: z.string().min(1).describe('The jobId animate_image returned (or the provider’s own job id).'),
};

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Serves until the client closes stdin (0) or a signal stops it (130 after Ctrl-C, as every command); the jobs being
 * followed stay resumable either way.
 */
export async function runMcpServer(options: McpServerOptions): Promise<number> {
  const { env, cwd, customModels, store, log } = options;
  const budget = new SessionBudget(
    options.budgetUsd,
    l10n.t('the server’s --budget-usd'),
    customModelPriceRules(customModels),
  );
  const jobs = new AgentJobs();
  const server = new McpServer({ name: 'animate-image', version: options.version });
  const budgetState = () => ({
    limitUsd: budget.limitUsd,
    spentUsd: budget.spentUsd,
    remainingUsd: budget.remainingUsd,
  });

  server.registerTool(
    'animate_image',
    {
      title: 'Animate an image',
      description:
        'Turn still images into short MP4 videos: an offline camera move (provider "local", free) or a video AI provider. ' +
        `Paid calls count against this server’s budget ($${budget.limitUsd.toFixed(2)}); one over what is left is refused with the estimate. ` +
        'Returns each saved path, or the jobId of a job still running (then call resume_job, never animate_image again).',
      inputSchema: animateShape,
    },
    (args, extra) =>
      answer(async () => {
        const providerId = chooseProvider(args.provider, env);
        const info = providerInfo(providerId, customModels);
        const ctx = { ...providerContext(info, undefined, env, log), customModels };
        const { provider: _provider, maxWaitSeconds: _wait, images, ...fields } = args;
        const { requests, makeOutputFolder } = await planNewJobs(
          { ...withoutUndefined(fields), images },
          info,
          env,
          cwd,
          { image: 'images', lastFrame: 'lastFrame', output: 'output' },
        );
        const reservations = budget.reserve(requests.map(pricedJob));
        try {
          await makeOutputFolder();
        } catch (error) {
          for (const r of reservations) r.settleFailure(atStage(error, 'prepare'));
          throw error;
        }
        const deps: RunnerDeps = {
          provider: createProvider(providerId, ctx),
          store,
          output: nodeOutputPort,
          log,
          ...(ctx.baseUrl ? { endpoint: ctx.baseUrl } : {}),
        };
        const deadline = Date.now() + (args.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000;
        const progress = progressSender(extra);
        const settled = await runBatch(requests, CONCURRENCY, (r, index) =>
          jobs.start(
            deps,
            r,
            reservations[index] as (typeof reservations)[number],
            Math.max(0, deadline - Date.now()),
            progress(r.image),
            extra.signal,
          ),
        );
        const results = settled.map((s, index): AgentJobResult =>
          s.status === 'fulfilled'
            ? s.value
            : { status: 'failed', image: requests[index]?.image ?? '', error: String(s.reason), created: 'no' },
        );
        const costUsd = reservations.reduce((sum, r) => sum + r.usd, 0);
        return {
          isError: results.every((r) => r.status === 'failed'),
          text: [
            ...results.map(describeResult),
            JSON.stringify({ results, costUsd: Math.round(costUsd * 10_000) / 10_000, budget: budgetState() }),
          ].join('\n'),
        };
      }),
  );

  server.registerTool(
    'job_status',
    {
      title: 'Job status',
      description:
        'The state of a job animate_image started: queued/running (with progress), succeeded (with the output path), failed or cancelled. Sends nothing to the provider.',
      inputSchema: jobIdShape,
      annotations: { readOnlyHint: true },
    },
    ({ jobId }) =>
      answer(async () => {
        const record = await findJob(store, jobId);
        const status = {
          jobId: record.id,
          state: record.state,
          provider: record.remote.provider,
          model: record.remote.model,
          image: record.request.image,
          ...(record.progress === undefined ? {} : { progress: record.progress }),
          ...(record.output === undefined ? {} : { output: record.output }),
          ...(record.error === undefined ? {} : { error: record.error }),
          followedByThisServer: jobs.isFollowing(record.id),
        };
        const hint = record.state === 'running' ? ` Call resume_job with jobId ${record.id} to wait for it.` : '';
        return {
          isError: false,
          text: `${basename(record.request.image)}: ${record.state}${record.output ? ` — ${record.output}` : ''}.${hint}\n${JSON.stringify(status)}`,
        };
      }),
  );

  server.registerTool(
    'resume_job',
    {
      title: 'Resume a job',
      description:
        'Wait for a job that was still running (by its jobId) and save its video. Never creates a new job, so it costs nothing more.',
      inputSchema: { ...jobIdShape, maxWaitSeconds },
    },
    ({ jobId, maxWaitSeconds: wait }, extra) =>
      answer(async () => {
        const record = await findJob(store, jobId);
        if (record.state === 'succeeded' && record.output)
          return {
            isError: false,
            text: describeResult({
              status: 'succeeded',
              image: record.request.image,
              jobId: record.id,
              output: record.output,
            }),
          };
        if (record.state === 'cancelled' || record.state === 'failed')
          throw new AnimateError(
            'bad-input',
            record.state === 'cancelled'
              ? l10n.t('Job {0} was cancelled; it cannot be resumed.', record.id)
              : record.error
                ? l10n.t('Job {0} failed: {1}; it cannot be resumed.', record.id, record.error)
                : l10n.t('Job {0} failed; it cannot be resumed.', record.id),
          );
        const info = providerInfo(record.remote.provider, customModels);
        const ctx = { ...providerContext(info, undefined, env, log, record.endpoint), customModels };
        const deps: RunnerDeps = {
          provider: createProvider(info.id, ctx),
          store,
          output: nodeOutputPort,
          log,
          ...(ctx.baseUrl ? { endpoint: ctx.baseUrl } : {}),
        };
        const result = await jobs.resume(
          deps,
          record,
          (wait ?? DEFAULT_MAX_WAIT_SECONDS) * 1000,
          progressSender(extra)(record.request.image),
          extra.signal,
        );
        return { isError: result.status === 'failed', text: `${describeResult(result)}\n${JSON.stringify(result)}` };
      }),
  );

  server.registerTool(
    'list_video_models',
    {
      title: 'List video models',
      description:
        'The providers this server has keys for (and the offline "local" one), each with its models: sizes, seconds, lastFrame, extras and ' +
        'usdPerSecond. A paid model without usdPerSecond is refused under the budget, since its cost cannot be bounded.',
      annotations: { readOnlyHint: true },
    },
    () =>
      answer(() => {
        const providers = catalogExport(customModels).filter((p) =>
          isConfigured(providerInfo(p.id, customModels), env),
        );
        return Promise.resolve({ isError: false, text: JSON.stringify({ budget: budgetState(), providers }) });
      }),
  );

  server.registerTool(
    'check_video_provider',
    {
      title: 'Check a video provider',
      description:
        'Verify endpoint, key and model access without creating anything billable. Without provider: every provider with a key set.',
      inputSchema: {
        provider: z.string().min(1).optional().describe('Provider id; unset = every configured provider.'),
        model: z.string().min(1).optional().describe('Model id to check access to (needs provider).'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ provider, model }, extra) =>
      answer(async () => {
        if (model && !provider) throw new AnimateError('bad-input', l10n.t('model needs provider.'));
        const checks = await runChecks({
          ...(provider ? { provider } : {}),
          ...(model ? { model } : {}),
          env,
          customModels,
          log,
          signal: extra.signal,
        });
        return {
          isError: checks.some((c) => !c.ok),
          text: [...checks.map(describeCheck), JSON.stringify(checks)].join('\n'),
        };
      }),
  );

  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (server.server.onclose = resolve));
  const close = () => void server.close();
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    close();
  };
  process.stdin.once('end', close);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', close);
  try {
    await server.connect(transport);
    log.info(`MCP server on stdio; budget $${budget.limitUsd.toFixed(2)}`);
    await closed;
    await jobs.close();
    return interrupted ? exitCodes.interrupted : exitCodes.done;
  } finally {
    process.stdin.off('end', close);
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', close);
  }
}

/** A tool's answer; an error (bad input, over budget, no key) is a tool error the agent reads, never a crash. */
async function answer(run: () => Promise<{ isError: boolean; text: string }>): Promise<CallToolResult> {
  try {
    const { isError, text } = await run();
    return { isError, content: [{ type: 'text', text }] };
  } catch (error) {
    return { isError: true, content: [{ type: 'text', text: errorMessage(error) }] };
  }
}

async function findJob(store: FileJobStore, jobId: string): Promise<JobRecord> {
  const record = (await store.get(jobId)) ?? (await store.list()).find((r) => r.remote.id === jobId);
  if (!record) throw new AnimateError('bad-input', l10n.t('No job "{0}" in {1}.', jobId, store.path));
  return record;
}

/** MCP progress notifications when the client asked for them (a progressToken): one per change, numbered upwards. */
function progressSender(extra: Extra): (image: string) => JobListener {
  const token = extra._meta?.progressToken;
  let count = 0;
  return (image) => (event: JobEvent) => {
    if (token === undefined) return;
    const text = event.type === 'note' ? event.message : describeEvent(event);
    if (text === undefined) return;
    count += 1;
    void extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: count, message: `${basename(image)}: ${text}` },
      })
      .catch(() => {});
  };
}

function describeResult(result: AgentJobResult): string {
  const name = basename(result.image);
  switch (result.status) {
    case 'succeeded':
      return `${name}: saved ${result.output}`;
    case 'running':
      return `${name}: still running as job ${result.jobId}${result.progress === undefined ? '' : ` (${Math.round(result.progress)}%)`}; call resume_job with this jobId later — do not call animate_image again, that would pay twice.`;
    case 'failed':
      return `${name}: ${result.error}${result.created === 'no' ? ' (nothing was created or charged)' : ''}`;
  }
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
