/**
 * Polling cost of a 10-minute job: status requests and how late completion is noticed, against the fake OpenAI
 * Videos server with time scaled (a virtual clock shared by the fake and the runner, so it runs in a second).
 * Reference: a fixed 10 s interval, the Azure script's default `--poll-interval`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { followJob, startJob } from '../src/core/jobs/runner';
import { MemoryJobStore } from '../src/core/jobs/store';
import { nodeOutputPort } from '../src/core/output';
import { silentLogger } from '../src/core/types';
import { createProvider } from '../src/core/providers/registry';
import { resolveRequest } from '../src/core/request';
import { startOpenAiVideosFake } from '../test/fakes/openaiVideosServer';
import { VirtualClock } from '../test/helpers/scriptedProvider';
import type { BenchResult } from './result';

const jobMs = 10 * 60_000;

async function measure(pollIntervalMs: number | undefined): Promise<{ requests: number; lateMs: number }> {
  const clock = new VirtualClock();
  const steps = 9;
  const fake = await startOpenAiVideosFake({
    apiKey: 'bench',
    now: () => clock.now(),
    stepMs: jobMs / (steps + 1),
    runningSteps: steps,
    video: { bytes: 4096 },
  });
  try {
    const dir = await mkdtemp(join(tmpdir(), 'bench-poll-'));
    const image = join(dir, 'cat.png');
    await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#446688' } })
      .png()
      .toFile(image);
    const provider = createProvider('openai-videos', { apiKey: 'bench', baseUrl: fake.url, log: silentLogger });
    const request = resolveRequest(
      { image, prompt: 'slow zoom in', provider: 'openai-videos', size: '1280x720' },
      provider.info,
    );
    const deps = { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger, clock };
    const submittedAt = clock.now();
    const outcome = await startJob(deps, request, {
      maxWaitMs: 2 * jobMs,
      ...(pollIntervalMs ? { pollIntervalMs } : {}),
    });
    if (outcome.kind !== 'succeeded') await followJob(deps, outcome.record);
    const polls = fake.requestsTo('retrieve', 'GET');
    const created = fake.requestsTo('create', 'POST').length;
    if (created !== 1) throw new Error(`expected one submit, saw ${created}`);
    return { requests: polls.length, lateMs: clock.now() - (submittedAt + jobMs) };
  } finally {
    await fake.close();
  }
}

export async function benchPolling(): Promise<BenchResult[]> {
  const ours = await measure(undefined);
  const reference = await measure(10_000);
  const allowedLateMs = Math.max(2_000, 0.05 * jobMs);
  return [
    {
      name: 'polling: status requests for a 10-minute job',
      reference: 'fixed 10 s interval (Azure script default)',
      ours_ms: ours.requests,
      reference_ms: reference.requests,
      ratio: ours.requests / reference.requests,
      target: '≤ 40 requests',
      pass: ours.requests <= 40,
    },
    {
      name: 'polling: completion noticed late by (ms)',
      reference: 'fixed 10 s interval (Azure script default)',
      ours_ms: ours.lateMs,
      reference_ms: reference.lateMs,
      ratio: reference.lateMs === 0 ? 0 : ours.lateMs / reference.lateMs,
      target: `≤ ${allowedLateMs} ms (max(2 s, 5 % of elapsed))`,
      pass: ours.lateMs <= allowedLateMs,
    },
  ];
}

if (require.main === module) {
  void benchPolling().then((results) => console.table(results));
}
