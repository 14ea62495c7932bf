/**
 * What the language-model tools do, without vscode (agentHost.ts adapts the extension's services to `AgentHost`), so
 * unit tests drive the real handlers with the scripted and fake providers. Paid jobs need the cost confirmation that
 * `prepareAnimate` asked VS Code to show and stay within the session's agent budget (`animateImage.agentBudgetUsd`);
 * a refusal says the estimate and what is left, before anything is sent.
 */
import { localProviderId } from '../../core/providers/local';
import { paidJobWords } from '../cost/paidJobWords';
import { isAbsolute, relative, resolve } from 'node:path';
import { AnimateError, jobWasCreated } from '../../core/errors';
import { estimateBatch, pricedJob, SessionBudget, type BatchEstimate, type Reservation } from '../../core/jobs/budget';
import { customModelPriceRules, formatCost, type PricedJob } from '../../core/pricing';
import type { CustomModel } from '../../core/providers/catalog';
import type { ProviderInfo, VideoProvider } from '../../core/providers/provider';
import { catalogExport } from '../../core/providers/registry';
import { resolveRequest, type ResolvedRequest } from '../../core/request';
import type { Logger } from '../../core/types';
import { needsPrompt } from '../../shared/formValidation';
import type { AnimateResult } from '../animate/animateOptions';
import type { Translate } from '../platform/translate';
import {
  checkConnections,
  configuredProviders,
  modelToCheck,
  outcomeLog,
  type BuildForCheck,
} from '../providers/connectionReport';
import {
  animateToolInput,
  checkToolInput,
  listModelsToolInput,
  parseToolInput,
  type AnimateToolInput,
} from './toolInput';

/** The settings the tools read (a fresh read on every call, so a change applies at once). */
export interface AgentSettings {
  readonly defaultProvider: string;
  readonly defaultModel: string;
  readonly customModels: readonly CustomModel[];
  /** What agents may spend per session; 0 = only free providers. */
  readonly agentBudgetUsd: number;
}

/** One job's end as the job path reports it. */
export interface AgentJobEnd {
  readonly result: AnimateResult;
  /** The job's record id (the jobs view's, and what a resume takes); absent when nothing was recorded. */
  readonly jobId?: string;
  readonly error?: unknown;
}

/** Jobs started through the job path (status bar, jobs view, resume); `cancel` is the status bar's Cancel for each. */
export interface RunningJobs {
  readonly ended: Promise<readonly AgentJobEnd[]>;
  cancel(): void;
}

/** The extension as the tools see it. */
export interface AgentHost {
  readonly t: Translate;
  readonly log: Logger;
  /** The open folders on disk: images must be inside one (relative paths are taken from the first). */
  workspaceFolders(): readonly string[];
  settings(): AgentSettings;
  /** The provider's capabilities with the user's custom models, label in the display language. */
  info(id: string): ProviderInfo | undefined;
  infos(): readonly ProviderInfo[];
  /** A key is stored or in the environment (true for providers that need none). */
  hasKey(info: ProviderInfo): Promise<boolean>;
  /** The provider built as a job builds it, never asking the user anything; or why it cannot run. */
  build(id: string): Promise<VideoProvider | { readonly problem: string; readonly keyProblem?: boolean }>;
  run(requests: readonly ResolvedRequest[], provider: VideoProvider): RunningJobs;
}

/** `vscode.CancellationToken`'s shape. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** What a tool hands back to the model. */
export interface ToolAnswer {
  readonly isError: boolean;
  readonly text: string;
}

/** What VS Code shows before the call: the progress line, and for paid jobs the question with the cost. */
export interface Preparation {
  readonly invocationMessage: string;
  readonly confirmation?: { readonly title: string; readonly message: string };
}

/** A plan for one call: the requests, checked against the model, and their price. */
interface Plan {
  readonly info: ProviderInfo;
  readonly requests: readonly ResolvedRequest[];
  readonly jobs: readonly PricedJob[];
  readonly estimate: BatchEstimate;
  /** Every job is priced at $0 (the local renderer, ComfyUI): no confirmation, no budget. */
  readonly free: boolean;
}

/** Confirmations shown and not yet used, at most this many (an agent that asks and never runs leaves nothing behind). */
const maxPendingConfirmations = 32;

export class AgentTools {
  private session: SessionBudget | undefined;
  private sessionRules = '';
  /** Calls whose cost the user was asked to confirm (by their input), with the estimate they saw. */
  private readonly confirmed = new Map<string, number>();

  constructor(private readonly host: AgentHost) {}

  /** The budget of this session: re-made when the limit or a custom price changes, keeping what was spent. */
  budget(): SessionBudget {
    const settings = this.host.settings();
    const rules = customModelPriceRules(settings.customModels);
    const rulesKey = JSON.stringify(rules);
    if (!this.session || this.session.limitUsd !== settings.agentBudgetUsd || this.sessionRules !== rulesKey) {
      this.session = new SessionBudget(
        settings.agentBudgetUsd,
        'the setting animateImage.agentBudgetUsd',
        rules,
        this.session?.spentUsd ?? 0,
      );
      this.sessionRules = rulesKey;
    }
    return this.session;
  }

  /** Before `animate`: the cost question for paid jobs (VS Code shows it and runs the call only on yes). */
  prepareAnimate(raw: unknown): Preparation {
    const { t } = this.host;
    const input = parseToolInput(animateToolInput, raw);
    const planned = input.ok ? this.plan(input.value) : undefined;
    const plan = planned && 'requests' in planned ? planned : undefined;
    const count = input.ok ? input.value.images.length : 0;
    const invocationMessage =
      count === 1
        ? t('Animating {0}…', displayName(input.ok ? input.value.images[0] : ''))
        : t('Animating {0} images…', count);
    // Nothing to confirm when the call will be refused anyway (bad input, over budget) or costs nothing.
    if (!input.ok || !plan || plan.free || this.refusal(plan)) return { invocationMessage };
    const usd = 'usd' in plan.estimate ? plan.estimate.usd : 0;
    this.confirmed.set(confirmationKey(input.value), usd);
    while (this.confirmed.size > maxPendingConfirmations)
      this.confirmed.delete(this.confirmed.keys().next().value ?? '');
    const budget = this.budget();
    const words = paidJobWords(
      {
        kind: 'agent',
        label: plan.info.label,
        count: plan.requests.length,
        cost: costWords(plan, t),
        remainingUsd: budget.remainingUsd,
        limitUsd: budget.limitUsd,
      },
      t,
    );
    return { invocationMessage, confirmation: { title: words.title, message: words.detail } };
  }

  /** Runs the call through the job path and waits for every job to end; the token cancels them all. */
  async animate(raw: unknown, token: Cancellation): Promise<ToolAnswer> {
    const { t, log } = this.host;
    const input = parseToolInput(animateToolInput, raw);
    if (!input.ok) return refused(t('Invalid input: {0}', input.message));
    const planned = this.plan(input.value);
    if (!('requests' in planned)) return refused(planned.problem);
    const plan = planned;
    const budgetRefusal = this.refusal(plan);
    if (budgetRefusal) return refused(budgetRefusal);
    if (!plan.free) {
      const key = confirmationKey(input.value);
      const seen = this.confirmed.get(key);
      this.confirmed.delete(key);
      const usd = 'usd' in plan.estimate ? plan.estimate.usd : Number.POSITIVE_INFINITY;
      if (seen === undefined || usd > seen + 1e-9)
        return refused(
          t('Not started: the user did not confirm the cost ({0}). Nothing was sent.', costWords(plan, t)),
        );
    }
    if (token.isCancellationRequested) return refused(t('Cancelled before anything was sent.'));
    const built = await this.host.build(plan.info.id);
    if ('problem' in built) {
      const hint = built.keyProblem ? ` ${t('The user can set it with "Animate Image: Set API key…".')}` : '';
      return refused(`${built.problem}${hint}`);
    }
    let reservations: Reservation[];
    try {
      reservations = this.budget().reserve(plan.jobs);
    } catch (error) {
      if (error instanceof AnimateError) return refused(error.message);
      throw error;
    }
    // A deprecated model or a service retired upstream: worth telling the user, not a reason to stop.
    const warnings = [...new Set(plan.requests.flatMap((r) => r.warnings ?? []))];
    for (const warning of warnings) log.warn(warning);
    log.info(`agent tool: ${plan.requests.length} job(s) with ${plan.info.id} ${plan.requests[0]?.model ?? ''}`);
    const running = this.host.run(plan.requests, built);
    const listening = token.onCancellationRequested(() => running.cancel());
    if (token.isCancellationRequested) running.cancel();
    let ends: readonly AgentJobEnd[];
    try {
      ends = await running.ended;
    } finally {
      listening.dispose();
    }
    // A job that ended before the provider created it costs nothing and gives its money back; any other is counted.
    let costUsd = 0;
    ends.forEach((end, index) => {
      const ended = end.result.kind === 'failed' || end.result.kind === 'cancelled';
      if (ended) reservations[index]?.settleFailure(end.error);
      if (!ended || jobWasCreated(end.error) !== 'no') costUsd += reservations[index]?.usd ?? 0;
    });
    const results = ends.map((end) => ({
      image: end.result.image,
      status: end.result.kind,
      ...(end.result.output === undefined ? {} : { output: end.result.output }),
      ...(end.jobId === undefined ? {} : { jobId: end.jobId }),
      ...(end.result.message === undefined ? {} : { message: end.result.message }),
    }));
    return {
      isError: ends.every((end) => end.result.kind === 'failed' || end.result.kind === 'cancelled'),
      text: [
        ...warnings,
        ...ends.map((end) => describeEnd(end, t)),
        JSON.stringify({ results, costUsd: roundUsd(costUsd), budget: this.budgetState() }),
      ].join('\n'),
    };
  }

  /** The catalog of the providers that are set up (a key stored or in the environment; the default; local). */
  async listModels(raw: unknown): Promise<ToolAnswer> {
    const input = parseToolInput(listModelsToolInput, raw);
    if (!input.ok) return refused(this.host.t('Invalid input: {0}', input.message));
    const settings = this.host.settings();
    const withKey = new Set<string>();
    for (const info of this.host.infos()) if (info.needsKey && (await this.host.hasKey(info))) withKey.add(info.id);
    const setUp = new Set(
      configuredProviders(this.host.infos(), (info) => withKey.has(info.id), settings.defaultProvider).map((i) => i.id),
    );
    setUp.add(localProviderId); // free and offline: always ready
    const providers = catalogExport(settings.customModels).filter((p) => setUp.has(p.id));
    return { isError: false, text: JSON.stringify({ budget: this.budgetState(), providers }) };
  }

  /** Endpoint, key and model access of one provider (or every one set up), with requests that create nothing. */
  async check(raw: unknown, token: Cancellation): Promise<ToolAnswer> {
    const { t } = this.host;
    const input = parseToolInput(checkToolInput, raw);
    if (!input.ok) return refused(t('Invalid input: {0}', input.message));
    const { provider, model } = input.value;
    if (model && !provider) return refused(t('Invalid input: {0}', 'model needs provider'));
    const settings = this.host.settings();
    let infos: readonly ProviderInfo[];
    if (provider) {
      const info = this.host.info(provider);
      infos = info ? [info] : [];
    } else {
      const withKey = new Set<string>();
      for (const info of this.host.infos()) if (info.needsKey && (await this.host.hasKey(info))) withKey.add(info.id);
      infos = configuredProviders(this.host.infos(), (info) => withKey.has(info.id), settings.defaultProvider);
    }
    const requests = infos.map((info) => {
      const checked = model ?? modelToCheck(info, settings.defaultProvider, settings.defaultModel);
      return { id: info.id, label: info.label, ...(checked ? { model: checked } : {}) };
    });
    const abort = new AbortController();
    const listening = token.onCancellationRequested(() => abort.abort());
    const build: BuildForCheck = (id) => this.host.build(id);
    try {
      const outcomes = await checkConnections(requests, build, abort.signal, {
        noFreeCheck: t('this provider cannot be checked without starting a paid job'),
      });
      return {
        isError: outcomes.some((o) => !o.check?.ok),
        text: [...outcomes.map(outcomeLog), JSON.stringify(outcomes)].join('\n'),
      };
    } finally {
      listening.dispose();
    }
  }

  private budgetState() {
    const budget = this.budget();
    return { limitUsd: budget.limitUsd, spentUsd: budget.spentUsd, remainingUsd: budget.remainingUsd };
  }

  /** The requests for the call, checked as the form checks them, or why they cannot be made. */
  private plan(input: AnimateToolInput): Plan | { readonly problem: string } {
    const { t } = this.host;
    const settings = this.host.settings();
    const providerId = input.provider ?? settings.defaultProvider;
    const info = this.host.info(providerId);
    if (!info) return { problem: t('Unknown provider "{0}".', providerId) };
    const prompt = input.prompt?.trim() ?? '';
    if (needsPrompt(info.id) && !prompt) return { problem: t('{0} needs a prompt: describe the motion.', info.label) };
    const folders = this.host.workspaceFolders();
    const first = folders[0];
    if (first === undefined) return { problem: t('Open a folder first: the tool animates images in the workspace.') };
    const paths = [...input.images, ...(input.lastFrame ? [input.lastFrame] : [])].map((p) =>
      isAbsolute(p) ? resolve(p) : resolve(first, p),
    );
    const outside = paths.find((p) => !folders.some((folder) => isInside(p, folder)));
    if (outside !== undefined)
      return { problem: t('{0} is not inside the workspace; only images in the workspace can be animated.', outside) };
    const lastFrame = input.lastFrame ? paths[paths.length - 1] : undefined;
    const model =
      input.model ??
      (info.id === settings.defaultProvider && settings.defaultModel ? settings.defaultModel : undefined);
    const requests: ResolvedRequest[] = [];
    try {
      for (const image of paths.slice(0, input.images.length))
        requests.push(
          resolveRequest(
            {
              image,
              prompt,
              provider: info.id,
              ...(lastFrame ? { lastFrame } : {}),
              ...(model ? { model } : {}),
              ...(input.size ? { size: input.size } : {}),
              ...(input.seconds !== undefined ? { seconds: input.seconds } : {}),
              ...(input.fit ? { fit: input.fit } : {}),
              ...(input.negativePrompt?.trim() ? { negativePrompt: input.negativePrompt } : {}),
              ...(input.seed !== undefined ? { seed: input.seed } : {}),
              ...(input.audio !== undefined ? { audio: input.audio } : {}),
              ...(input.enhancePrompt !== undefined ? { enhancePrompt: input.enhancePrompt } : {}),
            },
            info,
            first,
          ),
        );
    } catch (error) {
      if (error instanceof AnimateError) return { problem: error.message };
      throw error;
    }
    const jobs = requests.map(pricedJob);
    const estimate = estimateBatch(jobs, customModelPriceRules(settings.customModels));
    return { info, requests, jobs, estimate, free: 'usd' in estimate && estimate.usd === 0 };
  }

  /** Why the plan is over the agent budget (in the display language), or undefined. */
  private refusal(plan: Plan): string | undefined {
    if (plan.free) return undefined;
    const { t } = this.host;
    const budget = this.budget();
    const left = t('${0} left of the agent budget of ${1}', budget.remainingUsd.toFixed(2), budget.limitUsd.toFixed(2));
    if ('unpriced' in plan.estimate)
      return t(
        'Refused: {0} ({1}) has no known price, so its cost cannot be bounded ({2}). Use a model with a known price (list_video_models), or the free local provider.',
        plan.info.label,
        plan.estimate.unpriced.model,
        left,
      );
    if (plan.estimate.usd <= budget.remainingUsd + 1e-9) return undefined;
    return t(
      'Refused: {0}, over the budget ({1}). The user can raise the setting animateImage.agentBudgetUsd; the local provider is free.',
      costWords(plan, t),
      left,
    );
  }
}

/** "Runway gen4.5, 5 s ≈ $0.60", or "Runway gen4.5, 3 × 5 s ≈ $1.80". */
export function costWords(plan: Pick<Plan, 'info' | 'requests' | 'estimate'>, t: Translate): string {
  const first = plan.requests[0];
  const seconds = first?.seconds ?? 0;
  const model = first?.model ?? '';
  const cost = 'usd' in plan.estimate ? formatCost({ usd: plan.estimate.usd, usdPerSecond: 0 }) : t('no price known');
  return plan.requests.length === 1
    ? t('{0} {1}, {2} s {3}', plan.info.label, model, seconds, cost)
    : t('{0} {1}, {2} × {3} s {4}', plan.info.label, model, plan.requests.length, seconds, cost);
}

function describeEnd(end: AgentJobEnd, t: Translate): string {
  const name = displayName(end.result.image);
  switch (end.result.kind) {
    case 'succeeded':
      return t('{0}: saved {1} (job {2})', name, end.result.output ?? '', end.jobId ?? '?');
    case 'waiting':
      return t(
        '{0}: still running at the provider (job {1}); the editor follows it and saves the video beside the image. Do not start it again: that would pay twice.',
        name,
        end.jobId ?? end.result.message ?? '?',
      );
    case 'cancelled':
    case 'failed':
      return `${name}: ${end.result.message ?? end.result.kind}`;
  }
}

function refused(text: string): ToolAnswer {
  return { isError: true, text };
}

/** The same call twice is the same key: field order and absent fields do not matter. */
function confirmationKey(input: AnimateToolInput): string {
  return JSON.stringify(Object.entries(input).sort(([a], [b]) => a.localeCompare(b)));
}

function displayName(path: string | undefined): string {
  return (path ?? '').split(/[\\/]/).pop() ?? '';
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function roundUsd(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
