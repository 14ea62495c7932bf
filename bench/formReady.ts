// Command to form ready with a 12-megapixel JPEG: the host-side work the form does before it can show
// (src/extension/form/thumbnail.ts, makeImageView: read the file, inspect its header, make a 480-pixel
// thumbnail through prepareImage, base64 it into a data: URI), with the same core functions (the vscode file
// read replaced by node's). Against sharp making the same thumbnail data: URI from the same file in the same run.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { inspectImage } from '../src/core/image/inspect';
import { prepareImage } from '../src/core/image/prepare';
import { photoLikeJpeg } from '../test/fixtures/makeImages';
import { compareOnFile, runStandalone, type BenchResult } from './result';

const SOURCE = { width: 4000, height: 3000 };
/** thumbnail.ts: the longer side of the preview, and the largest data: URI payload. */
const THUMBNAIL_SIDE = 480;
const INLINE_LIMIT = 1_000_000;
const RUNS = 7;
const MAX_RATIO = 2;
/** The form should appear at once: a tenth of a second is where people start to notice a wait. */
const MAX_MS = 100;

function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function ours(path: string): Promise<string> {
  const bytes = await readFile(path);
  const info = inspectImage(bytes);
  const size = thumbnailSize(info.uprightWidth, info.uprightHeight);
  const prepared = await prepareImage(path, { size, fit: 'crop', maxBytes: INLINE_LIMIT });
  return `data:${prepared.mime};base64,${Buffer.from(prepared.bytes).toString('base64')}`;
}

async function reference(path: string): Promise<string> {
  const size = thumbnailSize(SOURCE.width, SOURCE.height);
  const png = await sharp(path).rotate().resize(size.width, size.height, { fit: 'cover' }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

export async function benchFormReady(): Promise<BenchResult> {
  const jpeg = await photoLikeJpeg(SOURCE.width, SOURCE.height);
  const { ours_ms, reference_ms, ratio } = await compareOnFile(jpeg, 'photo.jpg', RUNS, ours, reference);
  const thumb = thumbnailSize(SOURCE.width, SOURCE.height);
  return {
    name: `form ready: ${SOURCE.width}×${SOURCE.height} JPEG → inspect + ${thumb.width}×${thumb.height} thumbnail data: URI`,
    reference: `sharp ${sharp.versions.sharp ?? ''} (libvips ${sharp.versions.vips}) same thumbnail`.replace('  ', ' '),
    ours_ms,
    reference_ms,
    ratio,
    target: `ratio ≤ ${MAX_RATIO} and ours ≤ ${MAX_MS} ms`,
    pass: ratio <= MAX_RATIO && ours_ms <= MAX_MS,
  };
}

if (require.main === module) runStandalone(benchFormReady);
