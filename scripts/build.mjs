// One esbuild script for every bundle: the extension's entry and engine, the CLI and the webview.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const production = process.argv.includes('--production');
// `--outdir DIR` builds elsewhere (the activation benchmark measures a production build without touching dist/).
const outIndex = process.argv.indexOf('--outdir');
const out = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { bundle: true, sourcemap: !production, sourcesContent: false, minify: production, logLevel: 'warning' };

rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/wasm`, { recursive: true });

// jsonc-parser's `main` is a UMD build whose relative requires esbuild cannot follow; its ES module build bundles.
const alias = { 'jsonc-parser': resolve('node_modules/jsonc-parser/lib/esm/main.js') };

/**
 * h264-mp4-encoder ships its WebAssembly as one ~0.94 MB base64 string inside its JavaScript and offers no build that
 * reads a file. Decoded here once into dist/wasm/h264-mp4-encoder.wasm; the glue keeps an empty data URI (so it never
 * tries to fetch a path), and the package's own call of the Emscripten factory gets the bytes through the factory's
 * documented `wasmBinary` option, read from the file when the encoder is first loaded. Both edits must match exactly
 * once: a new version of the package fails the build here instead of shipping the blob again.
 */
function h264WasmFromFile() {
  const glue = 'node_modules/h264-mp4-encoder/embuild/dist/h264-mp4-encoder.node.js';
  const prefix = 'data:application/octet-stream;base64,';
  let source = readFileSync(glue, 'utf8');
  const blobs = [...source.matchAll(/"data:application\/octet-stream;base64,([A-Za-z0-9+/]+=*)"/g)];
  const factoryCalls = [...source.matchAll(/\b(\w+)\.n\((\w+)\)\(\)\(\)/g)];
  if (blobs.length !== 1 || factoryCalls.length !== 1)
    throw new Error(
      `${glue}: expected one embedded wasm and one factory call, found ${blobs.length} and ${factoryCalls.length}`,
    );
  const wasm = Buffer.from(blobs[0][1], 'base64');
  if (wasm.readUInt32BE(0) !== 0x0061736d) throw new Error(`${glue}: the embedded data is not WebAssembly`);
  writeFileSync(`${out}/wasm/h264-mp4-encoder.wasm`, wasm);
  source = source.replace(blobs[0][0], JSON.stringify(prefix));
  // `__dirname` of the bundle (dist/), where the file was written.
  const [call, webpackRequire, factoryModule] = factoryCalls[0];
  source = source.replace(
    call,
    `${webpackRequire}.n(${factoryModule})()({wasmBinary:require("fs").readFileSync(require("path").join(__dirname,"wasm","h264-mp4-encoder.wasm"))})`,
  );
  return {
    name: 'h264-wasm-from-file',
    setup(esbuild) {
      esbuild.onLoad({ filter: /h264-mp4-encoder\.node\.js$/ }, () => ({ contents: source, loader: 'js' }));
    },
  };
}
const h264 = h264WasmFromFile();

/**
 * zod re-exports every locale (`z.locales`, ~260 KB minified, half of zod) and its default export keeps them from
 * being tree-shaken; only English, its default, is ever used here. Compiling the rest is time a first command waits.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, ({ path, importer }) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(importer)
        ? { path: join(dirname(importer), path), namespace: 'zod-english-only' }
        : undefined,
    );
    // The CommonJS build (what `require` resolves to) exports the locale function itself from en.cjs.
    esbuild.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, ({ path }) => ({
      contents: path.endsWith('.cjs')
        ? 'exports.en = require("./en.cjs");'
        : 'export { default as en } from "./en.js";',
      resolveDir: dirname(path),
    }));
  },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', plugins: [h264, zodEnglishOnly] };
await Promise.all([
  // Loaded at every VS Code start: registrations only (src/extension/extension.ts); it requires dist/engine.js on
  // first use (src/extension/platform/engineLoader.ts). A separate CommonJS bundle rather than esbuild's splitting,
  // which needs ES modules, which VS Code's extension host does not load for extensions.
  // Its list of inputs is kept (not shipped) for the test that keeps the engine's modules out of it.
  build({
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: `${out}/extension.js`,
    external: ['vscode'],
    alias,
    metafile: true,
  }).then(({ metafile }) => writeFileSync(`${out}/extension.meta.json`, JSON.stringify(metafile))),
  build({
    ...node,
    entryPoints: ['src/extension/engine.ts'],
    outfile: `${out}/engine.js`,
    external: ['vscode'],
    alias,
  }),
  build({
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: `${out}/cli.js`,
    banner: { js: '#!/usr/bin/env node' },
    define: { ANIMATE_IMAGE_VERSION: JSON.stringify(version) },
  }),
  // The JPEG decoder's helper thread (src/core/image/jpeg/helperThread.ts starts it from beside the engine or CLI).
  build({ ...node, entryPoints: ['src/core/image/jpeg/helperThreadMain.ts'], outfile: `${out}/jpegHelper.js` }),
  build({
    ...common,
    entryPoints: ['media/webview/main.ts'],
    outfile: `${out}/webview/main.js`,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);
cpSync('media/webview/form.css', `${out}/webview/form.css`);

// The image codecs are WebAssembly; src/core/image/codecs.ts loads them from dist/wasm next to the bundles.
const wasm = [
  '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
  '@jsquash/png/codec/pkg/squoosh_png_bg.wasm',
  '@jsquash/webp/codec/dec/webp_dec.wasm',
  '@jsquash/webp/codec/enc/webp_enc_simd.wasm',
];
for (const spec of wasm) cpSync(`node_modules/${spec}`, `${out}/wasm/${spec.split('/').at(-1)}`);
