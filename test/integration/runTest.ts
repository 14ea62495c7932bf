// The @vscode/test-electron suite: activates the extension in a real VS Code and animates a fixture image
// with the offline `local` provider. VS Code cannot be downloaded on the project's machines, so it only
// runs when VSCODE_EXECUTABLE points at an installed VS Code; otherwise it says so and exits 0.
//
//   VSCODE_EXECUTABLE=/path/to/code node --import tsx test/integration/runTest.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';

const root = resolve(__dirname, '../..');

async function main(): Promise<number> {
  const executable = process.env.VSCODE_EXECUTABLE;
  if (!executable) {
    console.log('integration suite skipped: set VSCODE_EXECUTABLE to a VS Code executable to run it');
    return 0;
  }
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) return built.status ?? 1;
  const suite = join(root, 'out', 'integration', 'suite', 'index.js');
  await build({
    entryPoints: [join(__dirname, 'suite', 'index.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const workspace = mkdtempSync(join(tmpdir(), 'animate-image-it-'));
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: { ANIMATE_IMAGE_TEST_WORKSPACE: workspace },
    });
    return 0;
  } catch (error) {
    console.error(`integration suite failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
