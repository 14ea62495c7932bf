import { basename, isAbsolute, join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { exitCodes } from './exitCodes';
import { useTranslations } from '../core/language';
import { translationsForLocale } from './locale';
import { AnimateError, errorMessage } from '../core/errors';
import { defaultStateDir, FileJobStore } from '../core/jobs/fileStore';
import type { JobRecord } from '../core/jobs/record';
import { canRemix, readSidecarSource, remixRequest } from '../core/jobs/remix';
import { JobSupervisor, type Launch, type SupervisedEnd, type SupervisedJob } from '../core/jobs/supervisor';
import { budgetRefusal, pricedJob } from '../core/jobs/budget';
import { customModelPriceRules, estimateCost, formatCost } from '../core/pricing';
import { nodeOutputPort } from '../core/output';
import { type ProviderContext, type ProviderInfo } from '../core/providers/provider';
import { formatElapsed, formatSize, silentLogger, type Logger } from '../core/types';
import type { CustomModel } from '../core/providers/catalog';
import { describeCheck } from '../core/providers/connectionCheck';
import { catalogExport, createProvider, providerInfo } from '../core/providers/registry';
import type { ResolvedRequest } from '../core/request';
import { saveAlsoFormats, type AlsoResult, type LocalMove } from './alsoSave';
import { helpText, parseCli, UsageError, type CliFlags } from './args';
import { runChecks } from './check';
import { loadCustomModels } from './customModels';
import { describePlan, dryRunPlan } from './dryRun';
import { chooseProvider, loadDotEnv, providerContext } from './environment';
import { mustExist, planNewJobs } from './newJobs';
import { jobStateWord, ProgressReporter } from './progress';
import { providersTable } from './providersList';
import { useProxyFromEnv } from './proxy';

export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  try {
    useTranslations(translationsForLocale(io.env));
    loadDotEnv(io.cwd, (message) => io.stderr.write(`${l10n.t('animate-image: warning: {0}', message)}\n`));
    const command = parseCli(argv);
    if (command.flags.help) return print(io.stdout, helpText, exitCodes.done);
    if (command.flags.version) return print(io.stdout, version(), exitCodes.done);
    const proxy = useProxyFromEnv(io.env);
    if (proxy && command.flags.verbose) io.stderr.write(`[${new Date().toISOString()}] info ${proxy}\n`);
    const store = new FileJobStore(join(defaultStateDir(io.env), 'jobs.json'));
    // Listing jobs and remixing never need them: a broken file must not stand in their way.
    const usesCustomModels = command.name !== 'jobs' && command.name !== 'remix';
    const customModels = usesCustomModels ? loadCustomModels(command.flags['custom-models'], io.env, io.cwd) : [];
    switch (command.name) {
      case 'animate':
        return await animate(command.flags, customModels, store, io);
      case 'resume':
        return await resume(command.jobId, command.flags, customModels, store, io);
      case 'remix':
        return await remix(command.video, command.flags, store, io);
      case 'jobs':
        return listJobs(await store.list(), command.flags, io);
      case 'providers':
        return listProviders(command.flags, customModels, io);
      case 'check':
        return await check(command.flags, customModels, io);
      case 'mcp': {
        // Loaded only here: every other command starts without the MCP SDK.
        const { runMcpServer } = await import('./mcp.js');
        return await runMcpServer({
          env: io.env,
          cwd: io.cwd,
          budgetUsd: command.flags['budget-usd'] ?? 0,
          customModels,
          store,
          log: cliLogger(io.stderr, command.flags.verbose),
          version: version(),
        });
      }
    }
  } catch (error) {
    if (error instanceof UsageError)
      return print(
        io.stderr,
        `animate-image: ${error.message}\n${l10n.t('Run animate-image --help for usage.')}`,
        exitCodes.badInput,
      );
    const message = errorMessage(error);
    return print(io.stderr, `animate-image: ${message}`, exitCodeFor(error));
  }
}

async function animate(
  flags: CliFlags,
  customModels: readonly CustomModel[],
  store: FileJobStore,
  io: CliIo,
): Promise<number> {
  const providerId = chooseProvider(flags.provider, io.env);
  const info = providerInfo(providerId, customModels);
  const log = cliLogger(io.stderr, flags.verbose);
  const local = localMove(flags, providerId, info);
  const baseCtx = providerContext(info, flags['base-url'], io.env, log);
  // --motion/--fps/--loop are the local renderer's options; the rest of its options come from the environment.
  const ctx = { ...baseCtx, ...(local ? { options: { ...baseCtx.options, ...local } } : {}), customModels };
  const { requests, makeOutputFolder } = await planNewJobs(
    {
      images: flags.image,
      ...(flags['last-frame'] ? { lastFrame: flags['last-frame'] } : {}),
      prompt: flags.prompt,
      ...(flags.model === undefined ? {} : { model: flags.model }),
      ...(flags.size === undefined ? {} : { size: flags.size }),
      ...(flags['n-seconds'] === undefined ? {} : { seconds: flags['n-seconds'] }),
      fit: flags.fit,
      ...(flags.output === undefined ? {} : { output: flags.output }),
      ...(flags['negative-prompt'] === undefined ? {} : { negativePrompt: flags['negative-prompt'] }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(flags.audio === undefined ? {} : { audio: flags.audio }),
      ...(flags['enhance-prompt'] === undefined ? {} : { enhancePrompt: flags['enhance-prompt'] }),
    },
    info,
    io.env,
    io.cwd,
    { image: '--image', lastFrame: '--last-frame', output: '--output' },
  );
  // The same warning (a deprecated model, a retired service) once for the whole batch.
  for (const warning of new Set(requests.flatMap((r) => r.warnings ?? [])))
    io.stderr.write(`${l10n.t('warning: {0}', warning)}\n`);
  // The whole batch is refused before the first create: a cap met halfway through would leave a half-done batch.
  const budget = flags['budget-usd'];
  if (budget !== undefined) {
    const refusal = budgetRefusal(
      requests.map(pricedJob),
      budget,
      budget,
      '--budget-usd',
      customModelPriceRules(customModels),
    );
    if (refusal) throw new AnimateError('bad-input', refusal);
  }
  if (flags['dry-run']) return dryRun(requests, info, ctx, customModels, flags, io);
  await makeOutputFolder();
  return followAll(
    (jobs, launch) => jobs.start(requests, launch),
    { provider: createProvider(providerId, ctx), ...(ctx.baseUrl ? { endpoint: ctx.baseUrl } : {}) },
    { store, log, flags, io },
    providerId === 'local' ? (local ?? {}) : undefined,
  );
}

/** The camera flags, for the local provider only: a paid provider reads motion from the prompt, and ignoring them would mislead. */
function localMove(flags: CliFlags, providerId: string, info: ProviderInfo): LocalMove | undefined {
  const given = (['motion', 'fps', 'loop'] as const).filter((name) => flags[name] !== undefined);
  if (providerId !== 'local') {
    if (given.length > 0)
      throw new UsageError(
        l10n.t(
          '{0} only apply to the local provider (the offline camera move); {1} takes the motion from the prompt',
          given.map((name) => `--${name}`).join(', '),
          info.label,
        ),
      );
    return undefined;
  }
  if (given.length === 0) return undefined;
  return {
    ...(flags.motion ? { motion: flags.motion } : {}),
    ...(flags.fps ? { fps: flags.fps } : {}),
    ...(flags.loop ? { loop: true } : {}),
  };
}

/** Prints what each job would send; nothing is sent, stored or created on disk. */
function dryRun(
  requests: readonly ResolvedRequest[],
  info: ProviderInfo,
  ctx: ProviderContext,
  customModels: readonly CustomModel[],
  flags: CliFlags,
  io: CliIo,
): number {
  for (const request of requests) {
    const plan = dryRunPlan(request, info, ctx, customModels);
    io.stdout.write(`${flags.json ? JSON.stringify(plan) : describePlan(plan, info.label)}\n`);
  }
  if (!flags.json) io.stderr.write(`${l10n.t('dry run: nothing was sent')}\n`);
  return exitCodes.done;
}

async function resume(
  jobId: string,
  flags: CliFlags,
  customModels: readonly CustomModel[],
  store: FileJobStore,
  io: CliIo,
): Promise<number> {
  const record = (await store.get(jobId)) ?? (await store.list()).find((r) => r.remote.id === jobId);
  if (!record)
    return print(
      io.stderr,
      l10n.t('animate-image: no job "{0}" in {1}. Run animate-image jobs to list them.', jobId, store.path),
      exitCodes.badInput,
    );
  if (record.state === 'succeeded' && record.output) {
    if (flags.json)
      return print(
        io.stdout,
        JSON.stringify({ image: record.request.image, status: 'succeeded', output: record.output, jobId: record.id }),
        exitCodes.done,
      );
    io.stderr.write(`${l10n.t('already done: {0}', record.output)}\n`);
    return print(io.stdout, record.output, exitCodes.done);
  }
  if (record.state === 'cancelled')
    return print(io.stderr, l10n.t('animate-image: job {0} was cancelled.', record.id), exitCodes.failed);
  const info = providerInfo(record.remote.provider, customModels);
  const log = cliLogger(io.stderr, flags.verbose);
  const ctx = { ...providerContext(info, flags['base-url'], io.env, log, record.endpoint), customModels };
  return followAll(
    async (jobs, launch) => [await jobs.follow(record, launch)],
    { provider: createProvider(info.id, ctx), ...(ctx.baseUrl ? { endpoint: ctx.baseUrl } : {}) },
    { store, log, flags, io },
  );
}

/** `remix <video.mp4> --prompt …`: a new job from a finished video (its sidecar names the provider and the remote job). */
async function remix(video: string, flags: CliFlags, store: FileJobStore, io: CliIo): Promise<number> {
  const path = isAbsolute(video) ? video : join(io.cwd, video);
  await mustExist(video, io.cwd, 'remix');
  const source = await readSidecarSource(path);
  const info = providerInfo(source.remote.provider);
  if (!canRemix(info, source.request.model)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} was made with {1} ({2}), which cannot remix videos.',
        basename(path),
        info.label,
        source.request.model,
      ),
    );
  }
  const log = cliLogger(io.stderr, flags.verbose);
  const original = (await store.list()).find(
    (r) => r.remote.id === source.remote.id && r.remote.provider === source.remote.provider,
  );
  const ctx = providerContext(info, flags['base-url'], io.env, log, original?.endpoint);
  const provider = createProvider(info.id, ctx);
  const request = remixRequest(source, flags.prompt);
  const { model, seconds } = request;
  const cost = formatCost(estimateCost({ provider: info.id, model, size: formatSize(request.size), seconds }));
  if (!flags.json)
    io.stderr.write(
      `${l10n.t('remixing {0} with {1} ({2}, {3} s, {4}): a new paid job', basename(path), info.label, model, seconds, cost)}\n`,
    );
  return followAll(
    async (jobs, launch) => [await jobs.remix(source, flags.prompt, launch)],
    { provider, ...(ctx.baseUrl ? { endpoint: ctx.baseUrl } : {}) },
    { store, log, flags, io },
  );
}

interface FollowContext {
  readonly store: FileJobStore;
  readonly log: Logger;
  readonly flags: CliFlags;
  readonly io: CliIo;
}

/**
 * Runs the jobs `run` hands to the supervisor (at most --concurrency at once), shows their progress and reports
 * each in the order given. Ctrl-C detaches them: they keep running remotely and stay resumable.
 * `local`: how the local provider films (for --also); undefined for any other provider.
 */
async function followAll(
  run: (jobs: JobSupervisor, launch: Launch) => Promise<SupervisedEnd[]>,
  target: Pick<Launch, 'provider' | 'endpoint'>,
  { store, log, flags, io }: FollowContext,
  local?: LocalMove,
): Promise<number> {
  const also = new Map<ResolvedRequest, AlsoResult>();
  const progress = new ProgressReporter(io.stderr, flags.json ? false : undefined);
  const jobs = new JobSupervisor({
    store,
    output: nodeOutputPort,
    log,
    concurrency: Math.max(1, flags.concurrency),
    settings: () => ({
      maxWaitMs: flags['max-wait'] * 1000,
      ...(flags['poll-interval'] ? { pollIntervalMs: flags['poll-interval'] * 1000 } : {}),
      provenance: !flags['no-sidecar'],
    }),
  });
  jobs.listen({ ended: (end) => progress.done(end.job.request.image) });
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    void jobs.detachAll();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const ends = await run(jobs, {
      ...target,
      onEvent: (event, job) => progress.event(job.request.image, event),
      // After the video is saved: a failed conversion never costs the MP4.
      ...(flags.also.length > 0
        ? {
            afterSaved: async (job: SupervisedJob, output: string, signal: AbortSignal) => {
              also.set(job.request, await saveAlsoFormats(flags.also, job.request, output, local, signal));
            },
          }
        : {}),
    });
    const codes = ends.map((end) => report(end, flags, io, progress, also.get(end.job.request)));
    if (interrupted) return exitCodes.interrupted;
    return worstExitCode(codes);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

function report(end: SupervisedEnd, flags: CliFlags, io: CliIo, progress: ProgressReporter, also?: AlsoResult): number {
  const { request } = end.job;
  const image = basename(request.image);
  const { outcome } = end;
  if (outcome?.kind === 'succeeded') {
    const json: Record<string, string | string[]> = {
      image: request.image,
      status: 'succeeded',
      output: outcome.output,
      jobId: outcome.record.id,
    };
    if (also && also.saved.length > 0) json.also = also.saved;
    if (also && also.problems.length > 0) json.alsoErrors = also.problems;
    emit(
      flags,
      io,
      progress,
      json,
      l10n.t('{0}: saved {1}', image, [outcome.output, ...(also?.saved ?? [])].join(', ')),
    );
    // The paths alone on stdout, so `animate-image -i cat.png` can feed another command; the line above is on stderr.
    if (!flags.json) for (const path of [outcome.output, ...(also?.saved ?? [])]) io.stdout.write(`${path}\n`);
    if (also && also.problems.length > 0) {
      if (!flags.json) for (const problem of also.problems) progress.print(`${image}: ${problem}`);
      return exitCodes.failed;
    }
    return exitCodes.done;
  }
  if (outcome) {
    const id = outcome.record.id;
    emit(
      flags,
      io,
      progress,
      { image: request.image, status: 'running', jobId: id, remoteId: outcome.record.remote.id },
      l10n.t('{0}: still running after --max-wait, job id {1} — resume with: animate-image resume {1}', image, id),
    );
    return exitCodes.stillRunning;
  }
  const { error } = end;
  const message = errorMessage(error);
  const kind = error instanceof AnimateError ? error.kind : 'failed';
  emit(flags, io, progress, { image: request.image, status: 'failed', kind, error: message }, `${image}: ${message}`);
  return exitCodeFor(error);
}

function emit(
  flags: CliFlags,
  io: CliIo,
  progress: ProgressReporter,
  json: Record<string, string | string[]>,
  line: string,
): void {
  if (flags.json) io.stdout.write(`${JSON.stringify(json)}\n`);
  else progress.print(line);
}

/** A batch exits with its worst outcome: a failure, then bad input, then a job still running. */
export function worstExitCode(codes: readonly number[]): number {
  for (const code of [exitCodes.interrupted, exitCodes.failed, exitCodes.badInput, exitCodes.stillRunning]) {
    if (codes.includes(code)) return code;
  }
  return exitCodes.done;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof AnimateError) {
    if (error.kind === 'bad-input') return exitCodes.badInput;
    if (error.kind === 'cancelled') return exitCodes.interrupted;
  }
  return exitCodes.failed;
}

function listJobs(records: JobRecord[], flags: CliFlags, io: CliIo): number {
  const newestFirst = [...records].sort((a, b) => b.startedAt - a.startedAt);
  if (flags.json) {
    for (const r of newestFirst) io.stdout.write(`${JSON.stringify(jobJson(r))}\n`);
    return exitCodes.done;
  }
  if (records.length === 0) return print(io.stdout, l10n.t('no jobs yet'), exitCodes.done);
  const now = Date.now();
  for (const r of newestFirst) {
    const where = r.output ?? r.error ?? '';
    io.stdout.write(
      `${r.id}  ${jobStateWord(r.state).padEnd(9)}  ${r.remote.provider}/${r.remote.model}  ${basename(r.request.image)}  ${l10n.t('{0} ago', formatElapsed(now - r.startedAt))}  ${where}\n`,
    );
  }
  return exitCodes.done;
}

/** One job as `jobs --json` prints it: what a script needs, not the stored endpoint or the provider's private data. */
function jobJson(r: JobRecord): Record<string, unknown> {
  return {
    id: r.id,
    state: r.state,
    provider: r.remote.provider,
    model: r.remote.model,
    remoteId: r.remote.id,
    image: r.request.image,
    prompt: r.request.prompt,
    size: formatSize(r.request.size),
    seconds: r.request.seconds,
    startedAt: new Date(r.startedAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    ...(r.progress === undefined ? {} : { progress: r.progress }),
    ...(r.output === undefined ? {} : { output: r.output }),
    ...(r.error === undefined ? {} : { error: r.error }),
  };
}

function listProviders(flags: CliFlags, customModels: readonly CustomModel[], io: CliIo): number {
  const catalog = catalogExport(customModels, flags.json ? 'english' : 'display');
  return print(io.stdout, flags.json ? JSON.stringify(catalog, null, 2) : providersTable(catalog), exitCodes.done);
}

/** `check`: one report per provider (a JSON line each with --json); exit 0 only when every check is ok. */
async function check(flags: CliFlags, customModels: readonly CustomModel[], io: CliIo): Promise<number> {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    const checks = await runChecks({
      ...(flags.provider ? { provider: flags.provider } : {}),
      ...(flags.model ? { model: flags.model } : {}),
      ...(flags['base-url'] ? { baseUrl: flags['base-url'] } : {}),
      env: io.env,
      customModels,
      log: cliLogger(io.stderr, flags.verbose),
      signal: controller.signal,
    });
    for (const result of checks) io.stdout.write(`${flags.json ? JSON.stringify(result) : describeCheck(result)}\n`);
    const ok = checks.filter((c) => c.ok).length;
    if (!flags.json)
      io.stderr.write(
        `${
          checks.length === 1
            ? l10n.t('{0} of {1} provider ok; nothing was created', ok, checks.length)
            : l10n.t('{0} of {1} providers ok; nothing was created', ok, checks.length)
        }\n`,
      );
    return ok === checks.length ? exitCodes.done : exitCodes.failed;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

function cliLogger(stream: NodeJS.WriteStream, verbose: boolean): Logger {
  if (!verbose) return silentLogger;
  const line = (level: string) => (message: string) =>
    stream.write(`[${new Date().toISOString()}] ${level} ${message}\n`);
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

function print(stream: NodeJS.WriteStream, text: string, code: number): number {
  stream.write(`${text}\n`);
  return code;
}

declare const ANIMATE_IMAGE_VERSION: string | undefined;
function version(): string {
  return typeof ANIMATE_IMAGE_VERSION === 'string' ? ANIMATE_IMAGE_VERSION : 'dev';
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
