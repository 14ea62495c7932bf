/**
 * The extension's services as the agent tools' `AgentHost`. Jobs go through the job controller exactly as the form's
 * (`startAnimation` → `JobController.start`): status bar, jobs view, resume after a reload, never overwriting. What the
 * form asks interactively (a missing key, a cost above `confirmCostAboveUsd`) is settled here without a dialog: a
 * missing key is reported to the agent, and the cost was confirmed in the tool's own confirmation.
 */
import * as vscode from 'vscode';
import type { ResolvedRequest } from '../../core/request';
import type { VideoProvider } from '../../core/providers/provider';
import type { JobController, JobEnd } from '../jobs/jobController';
import type { Services } from '../platform/services';
import type { AgentHost, AgentJobEnd, AgentSettings, RunningJobs } from './agentTools';

export function agentHost(services: Services): AgentHost {
  return {
    t: (message, ...args) => vscode.l10n.t(message, ...args),
    log: services.log.tagged('agent'),
    workspaceFolders: () =>
      (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    settings: (): AgentSettings => {
      const { defaultProvider, defaultModel, customModels, agentBudgetUsd } = services.settings.read();
      return { defaultProvider, defaultModel, customModels, agentBudgetUsd };
    },
    info: (id) => services.providers.info(id),
    infos: () => services.providers.infos(),
    hasKey: (info) => services.keys.has(info),
    build: async (id) => {
      const built = await services.providers.prepare(id, false);
      return 'provider' in built
        ? built.provider
        : { problem: built.problem, ...(built.keyProblem ? { keyProblem: true } : {}) };
    },
    run: (requests, provider) => runThroughController(services.jobs, requests, provider),
  };
}

/** The controller's surface the tools use (structural, so tests can hand in a real controller built without VS Code). */
export type ControllerPort = Pick<JobController, 'start' | 'list' | 'cancel' | 'onDidChange' | 'onDidEnd'>;

/**
 * Starts the jobs in the controller and follows them by their request objects: the controller registers every job
 * before `start` returns, so Cancel finds them, and reports each end (with its record id) before the job settles.
 */
export function runThroughController(
  jobs: ControllerPort,
  requests: readonly ResolvedRequest[],
  provider: VideoProvider,
): RunningJobs {
  const mine = new Set<ResolvedRequest>(requests);
  const ends = new Map<ResolvedRequest, JobEnd>();
  // A job cancelled or failed after the provider took it has its record id only on its snapshot.
  const recordIds = new Map<ResolvedRequest, string>();
  const listening = [
    jobs.onDidEnd((end) => {
      if (mine.has(end.request)) ends.set(end.request, end);
    }),
    jobs.onDidChange(() => {
      for (const job of jobs.list())
        if (mine.has(job.request) && job.recordId !== undefined) recordIds.set(job.request, job.recordId);
    }),
  ];
  const started = jobs.start(requests, provider);
  const ended = started
    .then((results) =>
      results.map((result, index): AgentJobEnd => {
        const request = requests[index];
        const end = request ? ends.get(request) : undefined;
        const jobId = end?.record?.id ?? (request ? recordIds.get(request) : undefined);
        return {
          result,
          ...(jobId === undefined ? {} : { jobId }),
          ...(end?.error === undefined ? {} : { error: end.error }),
        };
      }),
    )
    .finally(() => {
      for (const subscription of listening) subscription.dispose();
    });
  return {
    ended,
    cancel: () => {
      for (const job of jobs.list()) if (mine.has(job.request)) jobs.cancel(job.key);
    },
  };
}
