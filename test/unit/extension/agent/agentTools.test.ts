// The language-model tools' handlers, driven as VS Code drives them (prepareInvocation, then invoke with a
// cancellation token), through the real job controller (status bar and jobs view source, runner, never overwrite)
// against the strict Runway fake and the offline local renderer.
import { vscodeStub } from './vscodeStub';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CustomModel } from '../../../../src/core/providers/catalog';
import type { VideoProvider } from '../../../../src/core/providers/provider';
import { MemoryJobStore } from '../../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../../src/core/output';
import {
  allProviderInfos,
  createProvider,
  isProviderId,
  providerIds,
  providerInfo,
} from '../../../../src/core/providers/registry';
import { runThroughController } from '../../../../src/extension/agent/agentHost';
import { AgentTools, type AgentHost, type Cancellation } from '../../../../src/extension/agent/agentTools';
import { JobController } from '../../../../src/extension/jobs/jobController';
import type { Log } from '../../../../src/extension/platform/log';
import type { ProviderFactory } from '../../../../src/extension/providers/providers';
import type { SettingsReader } from '../../../../src/extension/settings/settings';
import { defaultSettings, type Settings } from '../../../../src/extension/settings/settingsSchema';
import { startRunwayFake, type RunwayFake } from '../../../fakes/runwayServer';
import { solidImage } from '../../../helpers/images';

const KEY = 'key_SECRET_runway_agent_0123456789';
/** How a user prices a model the catalog has no price for: a custom model with `pricePerSecondUsd`. */
const pricedGen45: CustomModel = {
  provider: 'runway',
  id: 'gen4.5',
  sizes: ['1280x720'],
  seconds: [5],
  pricePerSecondUsd: 0.12,
};

interface Token extends Cancellation {
  cancel(): void;
}

function token(): Token {
  const listeners = new Set<() => unknown>();
  let cancelled = false;
  return {
    get isCancellationRequested() {
      return cancelled;
    },
    onCancellationRequested(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    cancel() {
      cancelled = true;
      for (const listener of [...listeners]) listener();
    },
  };
}

const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  tagged() {
    return quiet;
  },
};

/**
 * The Runway client asks for 6 s between status checks (Runway's rule); against the fake the job is followed at the
 * settings' fixed interval instead, so a job takes milliseconds. Everything else is the real client.
 */
function atOwnPace(provider: VideoProvider): VideoProvider {
  const poll: VideoProvider['poll'] = async (job, signal) => {
    const status = await provider.poll(job, signal);
    if (status.state !== 'queued' && status.state !== 'running') return status;
    const { pollAfterMs: _ignored, ...rest } = status;
    return rest;
  };
  return Object.assign(Object.create(provider) as VideoProvider, { poll });
}

interface HarnessOptions {
  readonly budgetUsd?: number;
  readonly customModels?: readonly CustomModel[];
  /** Providers whose key is set (stored or in the environment). */
  readonly keys?: readonly string[];
  readonly fake?: RunwayFake;
}

async function harness(options: HarnessOptions = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'agent-tools-'));
  const image = join(dir, 'cat.png');
  await writeFile(image, await solidImage(160, 90, { format: 'png', background: { r: 40, g: 120, b: 200 } }));
  let settings: Settings = {
    ...defaultSettings(providerIds),
    pollIntervalSeconds: 0.02,
    provenance: 'off',
    agentBudgetUsd: options.budgetUsd ?? 0,
    customModels: options.customModels ?? [],
  };
  const store = new MemoryJobStore();
  const controller = new JobController(
    store,
    nodeOutputPort,
    { endpointOf: () => undefined } as unknown as ProviderFactory,
    { read: () => settings } as unknown as SettingsReader,
    quiet as unknown as Log,
  );
  const keys = new Set(options.keys ?? []);
  const host: AgentHost = {
    t: vscodeStub.l10n.t,
    log: quiet,
    workspaceFolders: () => [dir],
    settings: () => settings,
    info: (id) => (isProviderId(id) ? providerInfo(id, settings.customModels) : undefined),
    infos: () => allProviderInfos(settings.customModels),
    hasKey: (info) => Promise.resolve(!info.needsKey || keys.has(info.id)),
    build: (id) => {
      if (id !== 'runway')
        return Promise.resolve(createProvider(id, { log: quiet, customModels: settings.customModels }));
      if (!options.fake || !keys.has('runway'))
        return Promise.resolve({ problem: 'Runway has no API key.', keyProblem: true });
      return Promise.resolve(
        atOwnPace(
          createProvider('runway', {
            apiKey: KEY,
            baseUrl: options.fake.url,
            log: quiet,
            customModels: settings.customModels,
          }),
        ),
      );
    },
    run: (requests, provider) => runThroughController(controller, requests, provider),
  };
  return {
    dir,
    image,
    store,
    controller,
    tools: new AgentTools(host),
    setSettings: (change: Partial<Settings>) => (settings = { ...settings, ...change }),
    cleanup: async () => {
      controller.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The JSON line a tool answer ends with. */
function answerJson(text: string): {
  results: Array<{ image: string; status: string; output?: string; jobId?: string; message?: string }>;
  costUsd: number;
  budget: { limitUsd: number; spentUsd: number; remainingUsd: number };
} {
  return JSON.parse(text.split('\n').at(-1) ?? '');
}

const paidInput = { images: ['cat.png'], prompt: 'slow push-in', provider: 'runway', model: 'gen4.5' };

async function withRunway(
  fakeOptions: Parameters<typeof startRunwayFake>[0],
  options: HarnessOptions,
  fn: (h: Awaited<ReturnType<typeof harness>>, fake: RunwayFake) => Promise<void>,
): Promise<void> {
  const fake = await startRunwayFake({ apiKey: KEY, ...fakeOptions });
  const h = await harness({ keys: ['runway'], ...options, fake });
  try {
    await fn(h, fake);
  } finally {
    await h.cleanup();
    await fake.close();
  }
}

describe('animate_image tool', () => {
  it('asks to confirm a paid job with the estimated cost in words, and runs it through the job controller', async () => {
    await withRunway({}, { budgetUsd: 5, customModels: [pricedGen45] }, async (h, fake) => {
      const prepared = h.tools.prepareAnimate(paidInput);
      assert.equal(prepared.confirmation?.title, 'Start a paid job with Runway?');
      assert.match(prepared.confirmation?.message ?? '', /^Estimated cost: Runway gen4\.5, 5 s ≈ \$0\.60\. /);
      assert.match(prepared.confirmation?.message ?? '', /\$5\.00 of your agent budget of \$5\.00 is left/);
      assert.equal(fake.requests.length, 0, 'preparing sends nothing');

      let seenInController = false;
      const watching = h.controller.onDidChange(() => {
        if (h.controller.list().length > 0) seenInController = true;
      });
      const answer = await h.tools.animate(paidInput, token());
      watching.dispose();
      assert.equal(answer.isError, false, answer.text);
      const json = answerJson(answer.text);
      const [result] = json.results;
      assert.equal(result?.status, 'succeeded');
      assert.equal(result?.output, join(h.dir, 'cat.mp4'));
      assert.ok((await readFile(join(h.dir, 'cat.mp4'))).length > 0);
      const record = await h.store.get(result?.jobId ?? '');
      assert.equal(record?.state, 'succeeded', 'the job id is the jobs view record');
      assert.equal(json.costUsd, 0.6);
      assert.deepEqual(json.budget, { limitUsd: 5, spentUsd: 0.6, remainingUsd: 4.4 });
      assert.ok(seenInController, 'the job showed in the controller (status bar, jobs view) while it ran');
      assert.equal(fake.requestsTo('create').length, 1);
      assert.match(answer.text, /^cat\.png: saved .*cat\.mp4 \(job [0-9a-f-]+\)$/m);

      // Never overwrites: the same call again (confirmed again) gives cat-2.mp4.
      h.tools.prepareAnimate(paidInput);
      const again = answerJson((await h.tools.animate(paidInput, token())).text);
      assert.equal(again.results[0]?.output, join(h.dir, 'cat-2.mp4'));
    });
  });

  it('does not start a paid job whose cost the user was not asked to confirm', async () => {
    await withRunway({}, { budgetUsd: 5, customModels: [pricedGen45] }, async (h, fake) => {
      h.tools.prepareAnimate({ ...paidInput, prompt: 'something else' });
      const answer = await h.tools.animate(paidInput, token());
      assert.equal(answer.isError, true);
      assert.match(answer.text, /did not confirm the cost \(Runway gen4\.5, 5 s ≈ \$0\.60\)\. Nothing was sent\./);
      assert.equal(fake.requests.length, 0);
      // A confirmation is used once: running twice needs two.
      h.tools.prepareAnimate(paidInput);
      assert.equal((await h.tools.animate(paidInput, token())).isError, false);
      assert.equal((await h.tools.animate(paidInput, token())).isError, true);
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });

  it('needs no confirmation for the free local provider and saves the video beside the image', async () => {
    const h = await harness();
    try {
      const input = { images: ['cat.png'], prompt: 'slow zoom in', provider: 'local', size: '854x480', seconds: 2 };
      const prepared = h.tools.prepareAnimate(input);
      assert.equal(prepared.confirmation, undefined);
      assert.equal(prepared.invocationMessage, 'Animating cat.png…');
      const answer = await h.tools.animate(input, token());
      assert.equal(answer.isError, false, answer.text);
      const json = answerJson(answer.text);
      assert.equal(json.results[0]?.output, join(h.dir, 'cat.mp4'));
      const mp4 = await readFile(join(h.dir, 'cat.mp4'));
      assert.equal(mp4.subarray(4, 8).toString('latin1'), 'ftyp');
      assert.equal(json.costUsd, 0);
      assert.deepEqual(json.budget, { limitUsd: 0, spentUsd: 0, remainingUsd: 0 });
      assert.equal((await h.store.get(json.results[0]?.jobId ?? ''))?.state, 'succeeded');
    } finally {
      await h.cleanup();
    }
  });

  it('with the default budget of 0 refuses a paid job with its estimate and the budget left, and sends nothing', async () => {
    await withRunway({}, { customModels: [pricedGen45] }, async (h, fake) => {
      const prepared = h.tools.prepareAnimate(paidInput);
      assert.equal(prepared.confirmation, undefined, 'nothing to confirm: the call is refused');
      const answer = await h.tools.animate(paidInput, token());
      assert.equal(answer.isError, true);
      assert.equal(
        answer.text,
        'Refused: Runway gen4.5, 5 s ≈ $0.60, over the budget ($0.00 left of the agent budget of $0.00). The user can raise the setting animateImage.agentBudgetUsd; the local provider is free.',
      );
      assert.equal(fake.requestsTo('create').length, 0);
      assert.equal(fake.requests.length, 0);
      assert.equal((await h.store.list()).length, 0, 'nothing recorded');
    });
  });

  it('gives the money back when the provider refused the create (nothing was made), and says so', async () => {
    await withRunway({}, { budgetUsd: 1, customModels: [pricedGen45] }, async (h, fake) => {
      fake.failNext('create', { kind: 'status', status: 400, message: 'promptImage: unsupported' });
      h.tools.prepareAnimate(paidInput);
      const answer = await h.tools.animate(paidInput, token());
      assert.equal(answer.isError, true);
      const json = answerJson(answer.text);
      assert.equal(json.results[0]?.status, 'failed');
      assert.equal(json.costUsd, 0);
      assert.deepEqual(json.budget, { limitUsd: 1, spentUsd: 0, remainingUsd: 1 });
      assert.equal(fake.requestsTo('create').length, 1, 'never sent again by itself');
    });
  });

  it('refuses a paid model with no known price under any budget', async () => {
    await withRunway({}, { budgetUsd: 100 }, async (h, fake) => {
      const answer = await h.tools.animate(paidInput, token());
      assert.equal(answer.isError, true);
      assert.match(
        answer.text,
        /^Refused: Runway \(gen4\.5\) has no known price, so its cost cannot be bounded \(\$100\.00 left/,
      );
      assert.equal(fake.requests.length, 0);
    });
  });

  it('cancels the job at the provider when the tool call is cancelled, as the status bar’s Cancel does', async () => {
    await withRunway({ runningSteps: 100_000 }, { budgetUsd: 5, customModels: [pricedGen45] }, async (h, fake) => {
      h.tools.prepareAnimate(paidInput);
      const cancel = token();
      const submitted = new Promise<void>((resolve) => {
        const watching = h.controller.onDidChange(() => {
          if (h.controller.list().some((job) => job.recordId !== undefined && job.phase === 'running')) {
            watching.dispose();
            resolve();
          }
        });
      });
      const answering = h.tools.animate(paidInput, cancel);
      await submitted;
      cancel.cancel();
      const answer = await answering;
      const [result] = answerJson(answer.text).results;
      assert.equal(result?.status, 'cancelled', answer.text);
      assert.equal(fake.requestsTo('delete').length, 1, 'the provider was asked to cancel');
      assert.equal(fake.requestsTo('create').length, 1);
      assert.equal((await h.store.get(result?.jobId ?? ''))?.state, 'cancelled');
      assert.equal(h.controller.list().length, 0);
      // The job was created, so it may be billed: its estimate stays spent and is reported.
      assert.equal(answerJson(answer.text).budget.remainingUsd, 4.4);
      assert.equal(answerJson(answer.text).costUsd, 0.6);
    });
  });

  it('refuses images outside the workspace and bad input before anything is sent', async () => {
    const h = await harness();
    try {
      const outside = await h.tools.animate({ images: ['/etc/hostname'], provider: 'local' }, token());
      assert.match(outside.text, /^\/etc\/hostname is not inside the workspace/);
      const parent = await h.tools.animate({ images: ['../cat.png'], provider: 'local' }, token());
      assert.match(parent.text, /is not inside the workspace/);
      const bad = await h.tools.animate({ images: [], provider: 'local' }, token());
      assert.match(bad.text, /^Invalid input: images: /);
      const unknown = await h.tools.animate({ images: ['cat.png'], provider: 'local', output: 'x.mp4' }, token());
      assert.match(unknown.text, /^Invalid input: /);
      assert.equal((await h.store.list()).length, 0);
    } finally {
      await h.cleanup();
    }
  });

  it('keeps what the session spent when the budget setting changes', async () => {
    await withRunway({}, { budgetUsd: 5, customModels: [pricedGen45] }, async (h) => {
      h.tools.prepareAnimate(paidInput);
      assert.equal((await h.tools.animate(paidInput, token())).isError, false);
      h.setSettings({ agentBudgetUsd: 1 });
      const list = JSON.parse((await h.tools.listModels({})).text) as { budget: unknown };
      assert.deepEqual(list.budget, { limitUsd: 1, spentUsd: 0.6, remainingUsd: 0.4 });
      const refused = await h.tools.animate(paidInput, token());
      assert.match(refused.text, /\$0\.40 left of the agent budget of \$1\.00/);
    });
  });
});

describe('list_video_models and check_video_provider tools', () => {
  it('lists only the providers that are set up: a key set, the default provider, and local', async () => {
    const none = await harness();
    const withRunwayKey = await harness({ keys: ['runway'] });
    try {
      const ids = async (h: Awaited<ReturnType<typeof harness>>) =>
        (JSON.parse((await h.tools.listModels({})).text) as { providers: Array<{ id: string }> }).providers.map(
          (p) => p.id,
        );
      assert.deepEqual(await ids(none), ['local']);
      assert.deepEqual(await ids(withRunwayKey), ['local', 'runway']);
      withRunwayKey.setSettings({ defaultProvider: 'comfyui' });
      assert.deepEqual(await ids(withRunwayKey), ['local', 'runway', 'comfyui']);
    } finally {
      await none.cleanup();
      await withRunwayKey.cleanup();
    }
  });

  it('checks a provider with requests that create nothing', async () => {
    await withRunway({}, {}, async (h, fake) => {
      const answer = await h.tools.check({ provider: 'runway' }, token());
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /^check OK: /);
      assert.equal(fake.requestsTo('create').length, 0);
      assert.ok(!answer.text.includes(KEY));
    });
  });
});
