// What every VS Code start pays: require the entry bundle and run activate() (a production build, `vscode` stubbed,
// a fresh Node process each time) against a minimal extension that registers one command, bundled the same way and
// measured in the same run. Also: the entry bundle's size, a command's first use (it loads and starts the engine)
// against a later use, and the VSIX size (the packaged one if there is one, else what would be packed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { median, type BenchResult } from './result';

const RUNS = 15;
const TARGET_ACTIVATE_MS = 50;
const TARGET_ENTRY_KB = 300;
/** The budget for the first use: no command more than this slower than later. */
const TARGET_FIRST_USE_EXTRA_MS = 300;
/** The README's figure before the engine was split off. */
const VSIX_BEFORE_KB = 1200;
const root = resolve(__dirname, '..');

interface Sample {
  readonly activateMs: number;
  readonly firstUseMs?: number;
  readonly laterUseMs?: number;
}

function sample(child: string, bundle: string, extensionRoot: string, command?: string): Sample {
  const run = spawnSync(process.execPath, [child, bundle, extensionRoot, ...(command ? [command] : [])], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`activation child for ${bundle} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Sample;
}

function kb(bytes: number): number {
  return Math.round(bytes / 102.4) / 10;
}

/** What `vsce package` would pack from dist/ (.vscodeignore: the two bundles, the webview, the WebAssembly). */
function shippedDistBytes(dist: string): number {
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sum + walk(path);
      return entry.name.endsWith('.map') || entry.name === 'cli.js' ? sum : sum + statSync(path).size;
    }, 0);
  return walk(dist);
}

export async function benchActivation(): Promise<BenchResult[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'animate-image-bench-entry-'));
  try {
    const production = spawnSync(
      process.execPath,
      ['scripts/build.mjs', '--production', '--outdir', join(scratch, 'dist')],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    if (production.status !== 0) throw new Error(`production build failed: ${production.stderr}`);
    const common = {
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
    } as const;
    const child = join(scratch, 'activationChild.js');
    await build({ ...common, entryPoints: [join(__dirname, 'activationChild.ts')], outfile: child });
    const reference = join(scratch, 'reference.js');
    await build({
      ...common,
      entryPoints: [join(__dirname, 'referenceExtension.ts')],
      outfile: reference,
      external: ['vscode'],
    });
    const entry = join(scratch, 'dist', 'extension.js');

    const ours: Sample[] = [];
    const theirs: Sample[] = [];
    // Interleaved, so a busy moment on the machine hits both sides alike.
    for (let i = 0; i < RUNS; i++) {
      ours.push(sample(child, entry, scratch, 'animateImage.showLog'));
      theirs.push(sample(child, reference, scratch, 'reference.hello'));
    }
    const activate = median(ours.map((s) => s.activateMs));
    const referenceActivate = median(theirs.map((s) => s.activateMs));
    const firstUse = median(ours.map((s) => s.firstUseMs ?? Number.NaN));
    const laterUse = median(ours.map((s) => s.laterUseMs ?? Number.NaN));
    const entryKb = kb(statSync(entry).size);
    const referenceKb = kb(statSync(reference).size);

    const packaged = join(root, 'animate-image.vsix');
    const vsix = existsSync(packaged)
      ? { kb: kb(statSync(packaged).size), what: 'animate-image.vsix (as last packaged)' }
      : undefined;
    const packedKb = kb(shippedDistBytes(join(scratch, 'dist')));

    return [
      {
        name: 'start: require dist/extension.js + activate() (ms), production, vscode stubbed, fresh process',
        reference: 'a minimal extension registering one command, bundled alike',
        ours_ms: activate,
        reference_ms: referenceActivate,
        ratio: activate / referenceActivate,
        target: `ours < ${TARGET_ACTIVATE_MS} ms`,
        pass: activate < TARGET_ACTIVATE_MS,
      },
      {
        name: 'entry bundle dist/extension.js (KB), production',
        reference: 'the minimal extension bundle',
        ours_ms: entryKb,
        reference_ms: referenceKb,
        ratio: entryKb / referenceKb,
        target: `ours < ${TARGET_ENTRY_KB} KB`,
        pass: entryKb < TARGET_ENTRY_KB,
      },
      {
        name: 'Show log: first use (loads and starts dist/engine.js) vs a later use (ms)',
        reference: 'the same command, run again',
        ours_ms: firstUse,
        reference_ms: laterUse,
        ratio: firstUse / laterUse,
        target: `first − later < ${TARGET_FIRST_USE_EXTRA_MS} ms`,
        pass: firstUse - laterUse < TARGET_FIRST_USE_EXTRA_MS,
      },
      vsix
        ? {
            name: `VSIX (KB): ${vsix.what}`,
            reference: 'dist/ as packed, uncompressed (production)',
            ours_ms: vsix.kb,
            reference_ms: packedKb,
            ratio: vsix.kb / packedKb,
            target: `ours < ${VSIX_BEFORE_KB} KB (before the split)`,
            pass: vsix.kb < VSIX_BEFORE_KB,
          }
        : {
            name: 'dist/ as packed into the VSIX, uncompressed (KB); no VSIX built (npm run package)',
            reference: 'the entry bundle',
            ours_ms: packedKb,
            reference_ms: entryKb,
            ratio: packedKb / entryKb,
            target: 'reported',
            pass: true,
          },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchActivation().then(
    (results) => console.table(results),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
