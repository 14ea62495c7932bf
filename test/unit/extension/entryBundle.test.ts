// The entry bundle (dist/extension.js) is what every VS Code start loads: it must stay small, carry no embedded
// WebAssembly, and leave the engine (dist/engine.js) unloaded until a command, the jobs view or a job to resume needs
// it. Runs against the build (`npm test` builds first), with `vscode` stubbed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CommandId } from '../../../src/extension/commandIds';
import { jobListPath, mayHaveJobsToResume } from '../../../src/extension/jobs/pendingJobs';
import { createVscodeStub, installVscodeStub, type VscodeStub } from '../../helpers/vscodeStub';

const root = resolve(__dirname, '../../..');
const entry = join(root, 'dist', 'extension.js');
const engine = join(root, 'dist', 'engine.js');
const maxEntryBytes = 300 * 1024;
const maxBase64Run = 50 * 1024;

interface ExtensionModule {
  activate(context: unknown): void;
  deactivate(): Promise<void> | undefined;
}

function longestBase64Run(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/[A-Za-z0-9+/]{1024,}={0,2}/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/** Everything the package contributes as a command: each must be callable from the first moment. */
const contributed: string[] = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } }
).contributes.commands.map((c) => c.command);

function engineLoaded(): boolean {
  return require.cache[engine] !== undefined;
}

/** Lets the activation's file read and the promise callbacks after it run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await sleep(5);
}

describe('the entry bundle', () => {
  it('is under 300 KB and embeds no base64 blob over 50 KB', () => {
    const text = readFileSync(entry, 'latin1');
    assert.ok(text.length < maxEntryBytes, `dist/extension.js is ${text.length} bytes`);
    assert.ok(longestBase64Run(text) < maxBase64Run, `dist/extension.js has a base64 run of ${longestBase64Run(text)}`);
  });

  it('is built from the registrations alone: no engine module (but the import-free error words), no package but the settings-file parser', () => {
    const { inputs } = JSON.parse(readFileSync(join(root, 'dist', 'extension.meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const heavy = Object.keys(inputs).filter(
      (input) =>
        (input.startsWith('src/core/') && input !== 'src/core/errors.ts') ||
        (input.includes('node_modules/') && !input.includes('/jsonc-parser/')),
    );
    assert.deepEqual(heavy, [], 'reach these through the engine (src/extension/engine.ts), not from the entry');
  });

  it('leaves the H.264 encoder’s WebAssembly in a file, not base64 in the engine', () => {
    const run = longestBase64Run(readFileSync(engine, 'latin1'));
    assert.ok(run < maxBase64Run, `dist/engine.js has a base64 run of ${run}`);
    const wasm = readFileSync(join(root, 'dist', 'wasm', 'h264-mp4-encoder.wasm'));
    assert.equal(wasm.subarray(0, 4).toString('latin1'), '\0asm');
  });
});

describe('activation with a stubbed vscode', () => {
  let stub: VscodeStub;
  let uninstall: () => void;
  let storage: string;
  let workspace: string;
  let extension: ExtensionModule;

  beforeEach(() => {
    storage = mkdtempSync(join(tmpdir(), 'animate-image-entry-'));
    workspace = join(storage, 'workspace');
    mkdirSync(workspace);
    stub = createVscodeStub({ workspaceFolders: [workspace] });
    uninstall = installVscodeStub(stub);
    delete require.cache[entry];
    delete require.cache[engine];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, loaded as VS Code does
    extension = require(entry) as ExtensionModule;
  });

  afterEach(async () => {
    await extension.deactivate();
    uninstall();
    rmSync(storage, { recursive: true, force: true });
  });

  function activate() {
    const context = stub.context(root, storage);
    extension.activate(context);
    return context;
  }

  function writeJobs(jobs: unknown[]): void {
    const file = jobListPath({ fsPath: join(storage, 'global') } as Parameters<typeof jobListPath>[0]);
    mkdirSync(join(storage, 'global'), { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 1, jobs }));
  }

  function job(state: string, image: string) {
    return {
      id: `job-${state}`,
      remote: { provider: 'runway', id: 'remote-1', model: 'gen4_turbo' },
      request: {
        image,
        prompt: 'slow zoom in',
        provider: 'runway',
        model: 'gen4_turbo',
        size: { width: 1280, height: 720 },
        seconds: 5,
        fit: 'crop',
      },
      endpoint: 'http://127.0.0.1:9',
      state,
      startedAt: 1,
      updatedAt: 2,
    };
  }

  it('registers every contributed command without loading the engine', async () => {
    activate();
    await settle();
    assert.equal(engineLoaded(), false, 'dist/engine.js was loaded at activation');
    for (const id of contributed) assert.ok(stub.commands.has(id), `${id} is not registered at activation`);
    for (const id of Object.values(CommandId)) assert.ok(stub.commands.has(id), `${id} is not registered`);
  });

  it('loads the engine on the first command, which then runs with its arguments', async () => {
    writeJobs([{ ...job('succeeded', join(workspace, 'cat.png')), output: join(workspace, 'cat.mp4') }]);
    activate();
    await settle();
    const placeholder = stub.commands.get(CommandId.HistoryOpen);
    assert.ok(placeholder);
    await placeholder('job-succeeded');
    assert.equal(engineLoaded(), true, 'the first command did not load the engine');
    const opened = stub.executed.filter((e) => e.id === 'vscode.open');
    assert.equal(opened.length, 1, 'the real command did not run');
    assert.equal((opened[0]?.args[0] as { fsPath: string }).fsPath, join(workspace, 'cat.mp4'));
    assert.notEqual(stub.commands.get(CommandId.HistoryOpen), placeholder, 'the placeholder is still registered');
    for (const id of Object.values(CommandId))
      assert.ok(stub.commands.has(id), `${id} is not registered by the engine`);
    assert.ok(
      stub.logLines.some((line) => /^engine loaded in \d+ ms \(command animateImage\.history\.open\)$/.test(line)),
    );
    await stub.commands.get(CommandId.ShowLog)?.();
    assert.deepEqual(stub.shownChannels, ['Animate Image'], 'the log made at activation is not the engine’s');
  });

  it('loads the engine when the jobs view asks for its items', async () => {
    writeJobs([job('failed', join(workspace, 'cat.png'))]);
    activate();
    await settle();
    const view = stub.treeData.get('animateImage.history');
    assert.ok(view, 'no jobs view at activation');
    assert.equal(engineLoaded(), false);
    const items = (await view.getChildren()) as Array<{ id: string }>;
    assert.equal(engineLoaded(), true);
    assert.deepEqual(
      items.map((r) => r.id),
      ['job-failed'],
    );
    let refreshed = 0;
    view.onDidChangeTreeData?.(() => refreshed++);
    await stub.commands.get(CommandId.HistoryRefresh)?.();
    assert.equal(refreshed, 1, "the engine's refresh does not reach the view");
  });

  it('loads the engine after activation returns when a job of this folder is unfinished, and resumes it', async () => {
    delete process.env.RUNWAYML_API_SECRET; // no key: the resume stops before any request
    writeJobs([job('running', join(workspace, 'cat.png'))]);
    activate();
    assert.equal(engineLoaded(), false, 'activation itself loaded the engine');
    await settle();
    assert.equal(engineLoaded(), true, 'the unfinished job did not load the engine');
    assert.ok(stub.logLines.some((line) => line.includes('resuming job job-running')));
  });

  it('does not load the engine for finished jobs or jobs of other folders', async () => {
    writeJobs([job('succeeded', join(workspace, 'cat.png')), job('waiting', join(storage, 'elsewhere', 'cat.png'))]);
    activate();
    await settle();
    assert.equal(engineLoaded(), false);
  });

  it('shows "Animate between images" as the engine last found it', async () => {
    const context = stub.context(root, storage);
    await context.workspaceState.update('animateImage.canAnimateBetween', true);
    extension.activate(context);
    await settle();
    assert.deepEqual(
      stub.executed.filter((e) => e.id === 'setContext'),
      [{ id: 'setContext', args: ['animateImage.canAnimateBetween', true] }],
    );
    assert.equal(engineLoaded(), false);
  });
});

describe('mayHaveJobsToResume', () => {
  const dir = mkdtempSync(join(tmpdir(), 'animate-image-pending-'));
  const list = join(dir, 'jobs.json');
  const folder = join(dir, 'project');

  it('says no without a list or without folders', async () => {
    assert.equal(existsSync(list), false);
    assert.equal(await mayHaveJobsToResume(list, [folder]), false);
    writeFileSync(
      list,
      JSON.stringify({ version: 1, jobs: [{ state: 'running', request: { image: `${folder}/a.png` } }] }),
    );
    assert.equal(await mayHaveJobsToResume(list, []), false);
  });

  it('says yes for running and waiting jobs below a folder only', async () => {
    const write = (state: string, image: string) =>
      writeFileSync(list, JSON.stringify({ version: 1, jobs: [{ state, request: { image } }] }));
    write('running', join(folder, 'a.png'));
    assert.equal(await mayHaveJobsToResume(list, [folder]), true);
    write('waiting', join(folder, 'sub', 'a.png'));
    assert.equal(await mayHaveJobsToResume(list, [folder]), true);
    write('failed', join(folder, 'a.png'));
    assert.equal(await mayHaveJobsToResume(list, [folder]), false);
    write('running', `${folder}-other/a.png`);
    assert.equal(await mayHaveJobsToResume(list, [folder]), false);
  });

  it('says yes for a list it cannot read, so the engine reports it', async () => {
    writeFileSync(list, '{ not json');
    assert.equal(await mayHaveJobsToResume(list, [folder]), true);
    writeFileSync(list, JSON.stringify({ version: 2, jobs: [] }));
    assert.equal(await mayHaveJobsToResume(list, [folder]), true);
  });
});
