// One esbuild script for every bundle: the extension host, the CLI and the webview.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, sourcesContent: false, minify: production, logLevel: 'warning' };

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

await Promise.all([
  build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['media/webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife', target: 'es2022' }),
]);
cpSync('media/webview/form.css', 'dist/webview/form.css');
