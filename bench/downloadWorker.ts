/** One download in a fresh process, printing its peak RSS growth; see bench/download.ts. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { startJob } from '../src/core/jobs/runner';
import { MemoryJobStore } from '../src/core/jobs/store';
import { nodeOutputPort } from '../src/core/output';
import { silentLogger } from '../src/core/types';
import { createProvider } from '../src/core/providers/registry';
import { resolveRequest } from '../src/core/request';

const [mode, url, dir] = process.argv.slice(2) as ['streamed' | 'buffered', string, string];

async function main(): Promise<void> {
  const image = join(dir, `${mode}.png`);
  await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#446688' } })
    .png()
    .toFile(image);
  const provider = createProvider('openai-videos', { apiKey: 'bench', baseUrl: url, log: silentLogger });
  const request = resolveRequest(
    { image, prompt: 'slow zoom in', provider: 'openai-videos', size: '1280x720' },
    provider.info,
  );
  global.gc?.();
  let baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  if (mode === 'streamed') {
    // Measure the download itself: image preparation (WebAssembly codecs) happens before it.
    const outcome = await startJob(
      { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger },
      request,
      {
        pollIntervalMs: 10,
        onEvent: (event) => {
          if (event.type !== 'downloading') return;
          global.gc?.();
          baseline = process.memoryUsage().rss;
          peak = baseline;
        },
      },
    );
    if (outcome.kind !== 'succeeded') throw new Error('job did not finish');
  } else {
    const created = (await (
      await fetch(`${url}/videos`, {
        method: 'POST',
        headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'slow zoom in', size: '1280x720' }),
      })
    ).json()) as { id: string };
    for (let status = ''; status !== 'completed';) {
      status = (
        (await (await fetch(`${url}/videos/${created.id}`, { headers: { authorization: 'Bearer bench' } })).json()) as {
          status: string;
        }
      ).status;
    }
    global.gc?.();
    baseline = process.memoryUsage().rss;
    peak = baseline;
    const body = await (
      await fetch(`${url}/videos/${created.id}/content`, { headers: { authorization: 'Bearer bench' } })
    ).arrayBuffer();
    await writeFile(join(dir, 'buffered.mp4'), Buffer.from(body));
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ peakGrowthMb: (peak - baseline) / 1024 / 1024, ms }));
}

void main();
