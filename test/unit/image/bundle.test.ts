// The extension and CLI ship as esbuild CommonJS bundles, where @jsquash's own wasm loading (import.meta.url +
// fetch) cannot work. This builds such a bundle and checks the codecs load from wasm/ next to it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { locateWasm, WASM_FILES, type WasmName } from '../../../src/core/image/codecs';
import { makeImages, type ImageSet } from '../../fixtures/makeImages';

const run = promisify(execFile);
const source = resolve(__dirname, '../../../src/core/image');

const ENTRY = `
import { readFileSync } from 'node:fs';
import { decodeImage } from ${JSON.stringify(join(source, 'decode'))};
import { encodeImage } from ${JSON.stringify(join(source, 'encode'))};
import { fitImage } from ${JSON.stringify(join(source, 'fit'))};
async function main(): Promise<void> {
  const out = [];
  for (const path of process.argv.slice(2)) {
    const image = fitImage(await decodeImage(readFileSync(path)), { width: 64, height: 36 }, 'crop');
    const png = await decodeImage(await encodeImage(image, 'png'));
    const jpeg = await decodeImage(await encodeImage(image, 'jpeg', 80));
    out.push([png.width, png.height, jpeg.width, jpeg.height, image.data[0]]);
  }
  console.log(JSON.stringify(out));
}
main().catch((error) => { console.error(String(error && error.message)); process.exit(1); });
`;

describe('codecs in a CommonJS bundle', () => {
  let images: ImageSet;
  let dir: string;
  let bundle: string;
  let warnings: string[];
  before(async () => {
    images = await makeImages();
    dir = await mkdtemp(join(tmpdir(), 'animate-image-bundle-'));
    await writeFile(join(dir, 'entry.ts'), ENTRY);
    bundle = join(dir, 'dist', 'cli.js');
    // The same options as scripts/build.mjs uses for dist/cli.js and dist/extension.js.
    const result = await build({
      entryPoints: [join(dir, 'entry.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
    warnings = result.warnings.map((warning) => warning.text);
  });
  after(async () => {
    await images.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('bundles without warnings', () => {
    assert.deepEqual(warnings, []);
  });

  it('says which file the build forgot to copy (runs before the copy below)', async () => {
    await assert.rejects(run(process.execPath, [bundle, images.jpeg]), (error: { stderr: string }) => {
      assert.match(
        error.stderr,
        /Missing .*wasm[/\\]mozjpeg_dec\.wasm: the build must copy @jsquash\/jpeg\/codec\/dec\/mozjpeg_dec\.wasm/,
      );
      return true;
    });
  });

  it('decodes PNG, JPEG and WebP and encodes PNG and JPEG with dist/wasm in place', async () => {
    await mkdir(join(dir, 'dist', 'wasm'));
    for (const name of Object.keys(WASM_FILES) as WasmName[]) {
      const from = locateWasm(name);
      await copyFile(from, join(dir, 'dist', 'wasm', basename(from)));
    }
    const { stdout } = await run(process.execPath, [
      bundle,
      images.rgbaPng,
      images.jpeg,
      images.webp,
      images.animatedWebp,
    ]);
    const results = JSON.parse(stdout) as number[][];
    assert.deepEqual(
      results.map((row) => row.slice(0, 4)),
      Array.from({ length: 4 }, () => [64, 36, 64, 36]),
    );
    assert.ok((results[1]?.[4] ?? 0) > 240, 'the JPEG starts red');
  });
});
