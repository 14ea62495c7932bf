/** One download in a fresh process, printing its peak RSS growth; see bench/download.ts. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { startJob } from '../src/core/jobs/runner';
import { MemoryJobStore } from '../src/core/jobs/store';
import { nodeOutputPort } from '../src/core/output';
import { silentLogger } from '../src/core/providers/provider';
import { createProvider } from '../src/core/providers/registry';
import { resolveRequest } from '../src/core/request';

const [mode, url, dir] = process.argv.slice(2) as ['streamed' | 'buffered', string, string];

async function main(): Promise<void> {
  const image = join(dir, `${mode}.png`);
  await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#446688' } }).png().toFile(image);
  const provider = createProvider('openai-videos', { apiKey: 'bench', baseUrl: url, log: silentLogger });
  const request = resolveRequest({ image, provider: 'openai-videos', size: '1280x720' }, provider.info);
  // Warm up every module and the connection path first, so the baseline is taken after code is loaded.
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  if (mode === 'streamed') {
    const outcome = await startJob({ provider, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger }, request, { pollIntervalMs: 10 });
    if (outcome.kind !== 'succeeded') throw new Error('job did not finish');
  } else {
    const created = (await (await fetch(`${url}/videos`, { method: 'POST', headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'x', size: '1280x720' }) })).json()) as { id: string };
    for (let status = ''; status !== 'completed'; ) {
      status = ((await (await fetch(`${url}/videos/${created.id}`, { headers: { authorization: 'Bearer bench' } })).json()) as { status: string }).status;
    }
    const body = await (await fetch(`${url}/videos/${created.id}/content`, { headers: { authorization: 'Bearer bench' } })).arrayBuffer();
    await writeFile(join(dir, 'buffered.mp4'), Buffer.from(body));
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ peakGrowthMb: (peak - baseline) / 1024 / 1024, ms }));
}

void main();
