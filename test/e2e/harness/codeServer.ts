// Starts code-server (VS Code in the browser, installed by scripts/e2e-setup.sh) on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import {
  ARTIFACTS_DIR,
  CACHE_DIR,
  CODE_SERVER_ENTRY,
  NODE24_BIN,
  assertToolchain,
  ensureArtifactsDir,
  isolatedHomeEnv,
  makeTempDir,
  removeAtExit,
  sanitizeName,
} from './paths';

/** Settings that keep the workbench quiet and deterministic; `userSettings` overrides them key by key. */
export const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

/** A user-data-dir + extensions-dir pair; the same pair must be used by installVsix and startCodeServer. */
export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
}

export function createProfile(prefix = 'profile'): Profile {
  const root = makeTempDir(prefix);
  const profile = { root, userDataDir: join(root, 'user-data'), extensionsDir: join(root, 'extensions') };
  mkdirSync(profile.userDataDir, { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  return profile;
}

export interface StartCodeServerOptions {
  /** Folder opened in the workbench (absolute or relative to cwd). */
  workspace: string;
  /** `--extensions-dir`; unpacked extensions (`publisher.name-version/`) or installVsix() output. Default: a temp dir. */
  extensionsDir?: string;
  /** `--user-data-dir`; default: a temp dir. `User/settings.json` is written into it before start. */
  userDataDir?: string;
  /** Merged over DEFAULT_USER_SETTINGS. */
  userSettings?: Record<string, unknown>;
  /** Used in the log file name (test/e2e/artifacts/code-server-<name>.log). */
  name?: string;
  /** Extra environment for code-server and the extension host it spawns. */
  env?: Record<string, string>;
  /** How long to wait for GET /healthz. Default 60 s. */
  readyTimeoutMs?: number;
  /**
   * Keep Workspace Trust on (default off): the folder then opens in Restricted Mode without asking, as it would
   * for someone who declined to trust it.
   */
  workspaceTrust?: boolean;
  /** `--locale`, e.g. "zh-cn": the display language extensions see as `vscode.env.language`. */
  locale?: string;
}

export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Stops the whole process group (code-server forks the extension host etc.). Idempotent. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (listen(0), read the port, close). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('could not allocate a port'))));
    });
  });
}

let configCounter = 0;
function writeConfig(name: string, port: number): string {
  // Always pass --config: without it code-server writes ~/.config/code-server/config.yaml (with a password).
  const dir = join(CACHE_DIR, 'run');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${sanitizeName(name)}-${process.pid}-${++configCounter}.yaml`);
  writeFileSync(file, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return removeAtExit(file);
}

function baseArgs(config: string, userDataDir: string, extensionsDir: string, workspaceTrust = false): string[] {
  return [
    CODE_SERVER_ENTRY,
    '--config',
    config,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
  ];
}

function childEnv(homeRoot: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const nodeBinDir = resolve(NODE24_BIN, '..');
  return {
    ...process.env,
    ...isolatedHomeEnv(homeRoot),
    PATH: `${nodeBinDir}:${process.env.PATH ?? ''}`,
    // A parent `node --import tsx` must not leak its loader into code-server's Node 24.
    NODE_OPTIONS: '',
    ...extra,
  };
}

// code-server runs in its own process group (detached) so stop() can take its children down too; that also means
// a Ctrl-C in the terminal does not reach it, hence these handlers.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of live) killGroup(child, 'SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached: true made it a group leader
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logFile}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server not ready at ${url} after ${timeoutMs} ms (${lastError}); see ${logFile}`);
}

export async function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer> {
  assertToolchain();
  const workspace = resolve(options.workspace);
  const name = options.name ?? 'code-server';
  const scratch = makeTempDir('cs');
  const userDataDir = resolve(options.userDataDir ?? join(scratch, 'user-data'));
  const extensionsDir = resolve(options.extensionsDir ?? join(scratch, 'extensions'));
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const trust = options.workspaceTrust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.untrustedFiles': 'open',
      }
    : {};
  const settings = { ...DEFAULT_USER_SETTINGS, ...trust, ...(options.userSettings ?? {}) };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);

  const port = await freePort();
  const config = writeConfig(name, port);
  const logFile = join(ensureArtifactsDir(), `code-server-${sanitizeName(name)}.log`);
  const log = createWriteStream(logFile, { flags: 'w' });
  const args = [
    ...baseArgs(config, userDataDir, extensionsDir, options.workspaceTrust),
    ...(options.locale ? ['--locale', options.locale] : []),
    workspace,
  ];
  log.write(`# ${new Date().toISOString()} ${NODE24_BIN} ${args.join(' ')}\n`);

  const child = spawn(NODE24_BIN, args, {
    cwd: workspace,
    env: childEnv(scratch, options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.once('exit', (code, signal) => {
    live.delete(child);
    log.end(`# exited code=${code} signal=${signal}\n`);
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return exited;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // The extension host may outlive its parent for a moment; make sure the group is gone.
    killGroup(child, 'SIGKILL');
    rmSync(config, { force: true });
    // Keep VS Code's own logs (exthost.log, remoteagent.log, extension output channels) next to the code-server log.
    try {
      cpSync(join(userDataDir, 'logs'), join(ARTIFACTS_DIR, `code-server-${sanitizeName(name)}-logs`), {
        recursive: true,
      });
    } catch {
      /* no logs written */
    }
    // Temp HOME and default user-data/extensions dirs; E2E_KEEP_TEMP=1 keeps them for debugging.
    if (!process.env.E2E_KEEP_TEMP) rmSync(scratch, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, child, options.readyTimeoutMs ?? 60_000, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, workspace, userDataDir, extensionsDir, logFile, stop };
}

export interface InstallVsixOptions {
  /** Must be the userDataDir later given to startCodeServer (code-server records installs there too). */
  userDataDir?: string;
  timeoutMs?: number;
}

/** Runs `code-server --install-extension <vsix>` offline into `extensionsDir`. Returns the tool output. */
export async function installVsix(
  vsixPath: string,
  extensionsDir: string,
  options: InstallVsixOptions = {},
): Promise<string> {
  assertToolchain();
  const scratch = makeTempDir('install');
  const userDataDir = resolve(options.userDataDir ?? join(scratch, 'user-data'));
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const config = writeConfig('install', 0);
  const args = [
    ...baseArgs(config, userDataDir, resolve(extensionsDir)),
    '--install-extension',
    resolve(vsixPath),
    '--force',
  ];
  return await new Promise<string>((resolveRun, reject) => {
    const child = spawn(NODE24_BIN, args, { env: childEnv(scratch), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rmSync(config, { force: true });
      rmSync(scratch, { recursive: true, force: true });
      if (code === 0 && /successfully installed|already installed/i.test(output)) resolveRun(output);
      else reject(new Error(`--install-extension ${vsixPath} failed (exit ${code}):\n${output}`));
    });
  });
}

/** `code-server --list-extensions --show-versions` for a profile (e.g. to assert an install). */
export async function listExtensions(extensionsDir: string, userDataDir?: string): Promise<string[]> {
  assertToolchain();
  const scratch = makeTempDir('list');
  const config = writeConfig('list', 0);
  const args = [
    ...baseArgs(config, resolve(userDataDir ?? join(scratch, 'user-data')), resolve(extensionsDir)),
    '--list-extensions',
    '--show-versions',
  ];
  return await new Promise<string[]>((resolveRun, reject) => {
    const child = spawn(NODE24_BIN, args, { env: childEnv(scratch), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', () => undefined);
    child.on('error', reject);
    child.on('exit', (code) => {
      rmSync(config, { force: true });
      rmSync(scratch, { recursive: true, force: true });
      if (code === 0)
        resolveRun(
          output
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => /^[\w-]+\.[\w-]+@/.test(l)),
        );
      else reject(new Error(`--list-extensions failed (exit ${code})`));
    });
  });
}
