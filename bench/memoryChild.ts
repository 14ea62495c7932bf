/** One image prepared in a fresh process, printing its peak RSS in MB as JSON; see bench/memory.ts. */
import { decodeImage } from '../src/core/image/decode';
import { prepareImage } from '../src/core/image/prepare';
import { photoLikeJpeg } from '../test/fixtures/makeImages';

const [mode, path] = process.argv.slice(2) as ['codecs' | 'prepare', string | undefined];

async function main(): Promise<void> {
  if (mode === 'codecs') {
    // The reference: a process that loads the decoders and runs one on a small picture, nothing more.
    await decodeImage(await photoLikeJpeg(64, 48));
  } else {
    await prepareImage(path!, { size: { width: 1280, height: 720 }, fit: 'crop', maxBytes: 20 * 1024 * 1024 });
  }
  process.stdout.write(JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
