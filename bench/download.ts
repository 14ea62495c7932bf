/**
 * Peak memory while fetching a 200 MB video from the fake: our streamed download (provider → temp file → next to
 * the source) against a buffered download (`arrayBuffer()` of the whole body), each in its own process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAiVideosFake } from '../test/fakes/openaiVideosServer';
import type { BenchResult } from './result';

const videoBytes = 200 * 1024 * 1024;

function worker(
  mode: 'streamed' | 'buffered',
  url: string,
  dir: string,
): Promise<{ peakGrowthMb: number; ms: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(__dirname, 'downloadWorker.ts'), mode, url, dir],
      { maxBuffer: 1 << 20, timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${mode} worker failed: ${stderr || error.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { peakGrowthMb: number; ms: number });
      },
    );
  });
}

export async function benchDownload(): Promise<BenchResult[]> {
  const fake = await startOpenAiVideosFake({ apiKey: 'bench', video: { bytes: videoBytes }, runningSteps: 0 });
  try {
    const dir = await mkdtemp(join(tmpdir(), 'bench-download-'));
    const ours = await worker('streamed', fake.url, dir);
    const reference = await worker('buffered', fake.url, dir);
    return [
      {
        name: 'download 200 MB: peak RSS growth (MB)',
        reference: 'buffered arrayBuffer() download',
        ours_ms: Math.round(ours.peakGrowthMb),
        reference_ms: Math.round(reference.peakGrowthMb),
        ratio: ours.peakGrowthMb / reference.peakGrowthMb,
        target: '< 50 MB',
        pass: ours.peakGrowthMb < 50,
      },
    ];
  } finally {
    await fake.close();
  }
}

if (require.main === module) {
  void benchDownload().then((results) => console.table(results));
}
