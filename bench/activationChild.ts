// One start in a fresh process (see bench/activation.ts): require an extension bundle and run activate() with a stubbed
// `vscode`, then optionally run a command twice (its first use and a later one), and print the times as JSON. Bundled to plain JavaScript before it runs,
// so no TypeScript loader sits inside the measurement.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVscodeStub, installVscodeStub } from '../test/helpers/vscodeStub';

interface Extension {
  activate(context: unknown): void;
}

async function main(): Promise<void> {
  const [bundle, extensionRoot, command] = process.argv.slice(2) as [string, string, string | undefined];
  const storage = mkdtempSync(join(tmpdir(), 'animate-image-bench-activation-'));
  try {
    // A folder is open, so the start looks for jobs to resume (there are none).
    const stub = createVscodeStub({ workspaceFolders: [storage] });
    installVscodeStub(stub);
    const context = stub.context(extensionRoot, storage);
    const started = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle under test, as VS Code loads it
    const extension = require(bundle) as Extension;
    extension.activate(context);
    const activateMs = performance.now() - started;
    const uses: number[] = [];
    for (let use = 0; command && use < 2; use++) {
      // Looked up each time: after the first use the engine's own command has replaced the placeholder.
      const run = stub.commands.get(command);
      if (!run) throw new Error(`${bundle} registered no ${command}`);
      const before = performance.now();
      await run();
      uses.push(performance.now() - before);
    }
    process.stdout.write(JSON.stringify({ activateMs, firstUseMs: uses[0], laterUseMs: uses[1] }));
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
