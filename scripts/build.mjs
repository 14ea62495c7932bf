// One esbuild script for every bundle: the extension host, the CLI and the webview.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { bundle: true, sourcemap: !production, sourcesContent: false, minify: production, logLevel: 'warning' };

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

// jsonc-parser's `main` is a UMD build whose relative requires esbuild cannot follow; its ES module build bundles.
const alias = { 'jsonc-parser': resolve('node_modules/jsonc-parser/lib/esm/main.js') };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    alias,
  }),
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { ANIMATE_IMAGE_VERSION: JSON.stringify(version) },
  }),
  build({
    ...common,
    entryPoints: ['media/webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);
cpSync('media/webview/form.css', 'dist/webview/form.css');

// The image codecs are WebAssembly; src/core/image/codecs.ts loads them from dist/wasm next to the bundles.
const wasm = [
  '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
  '@jsquash/png/codec/pkg/squoosh_png_bg.wasm',
  '@jsquash/webp/codec/dec/webp_dec.wasm',
  '@jsquash/webp/codec/enc/webp_enc_simd.wasm',
];
mkdirSync('dist/wasm', { recursive: true });
for (const spec of wasm) cpSync(`node_modules/${spec}`, `dist/wasm/${spec.split('/').at(-1)}`);
