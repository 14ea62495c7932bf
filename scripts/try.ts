// `npm run try`: the packaged extension in a real VS Code workbench (code-server) on 127.0.0.1, with a sample
// workspace, so anyone can try it in a browser without installing VS Code. Runs until Ctrl-C, then cleans up.
//   npm run try                     sample workspace (media/sample.jpg + README.txt) in a temp folder
//   npm run try -- /path/to/photos  open your own folder instead (nothing is copied; videos land next to the images)
// Prerequisites are handled by the npm script: npm run package && bash scripts/e2e-setup.sh.
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT, createProfile, installVsix, makeTempDir, startCodeServer } from '../test/e2e/harness';

const VSIX = join(REPO_ROOT, 'animate-image.vsix');

const README = `Animate Image — try it out
==========================

1. Right-click sample.jpg in the Explorer and choose "Animate image".
2. Type what should move (or click a motion idea such as "slow zoom in"), keep the provider "Local camera move (offline)",
   and press Animate (or Ctrl+Enter).
3. Watch the status bar (bottom left); sample.mp4 appears next to the image. Click it to play.

Also worth a look: F1 → "Animate Image: Show jobs", "Animate Image: Show log", and the settings
(F1 → "Preferences: Open Settings (UI)", search "Animate Image"). Video AI providers need an API key
("Animate Image: Set API key…"); the local provider needs none and runs offline.

This folder is temporary: it is deleted when you stop \`npm run try\` (Ctrl-C).
`;

function sampleWorkspace(): string {
  const dir = makeTempDir('try-workspace');
  copyFileSync(join(REPO_ROOT, 'media', 'sample.jpg'), join(dir, 'sample.jpg'));
  writeFileSync(join(dir, 'README.txt'), README);
  return dir;
}

function chosenFolder(arg: string | undefined): string | undefined {
  if (!arg) return undefined;
  const dir = resolve(arg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`not a folder: ${dir}`);
  return dir;
}

async function main(): Promise<void> {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first (npm run try does).`);
  const own = chosenFolder(process.argv[2]);
  const workspace = own ?? sampleWorkspace();
  const profile = createProfile('try');
  console.log(`Installing ${VSIX} into a fresh profile…`);
  await installVsix(VSIX, profile.extensionsDir, { userDataDir: profile.userDataDir });
  console.log('Starting code-server…');
  const server = await startCodeServer({
    workspace,
    extensionsDir: profile.extensionsDir,
    userDataDir: profile.userDataDir,
    name: 'try',
    userSettings: { 'workbench.colorTheme': 'Default Dark Modern' },
  });

  // The harness stops code-server and removes the temp folders when the process exits (also on Ctrl-C).
  let stopping = false;
  const stop = (code: number) => (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server and removing the temporary profile and workspace…');
    process.exit(code);
  };
  process.prependOnceListener('SIGINT', stop(0));
  process.prependOnceListener('SIGTERM', stop(0));

  const url = new URL(server.url);
  url.pathname = '/';
  url.searchParams.set('folder', workspace);
  console.log(`
Animate Image is running in VS Code (code-server ${server.url}, loopback only, no password):

    ${url.toString()}

Open that address in a browser. Workspace: ${workspace}${own ? '' : ' (temporary sample)'}
code-server log: ${server.logFile}
Press Ctrl-C to stop.`);

  // Keep running; notice when code-server goes away on its own instead of hanging forever.
  let failures = 0;
  setInterval(() => {
    fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(3000) })
      .then((r) => (failures = r.ok ? 0 : failures + 1))
      .catch(() => (failures += 1))
      .finally(() => {
        if (failures >= 3 && !stopping) {
          console.error(`code-server stopped answering at ${server.url}; see ${server.logFile}`);
          stop(1)();
        }
      });
  }, 5000);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
