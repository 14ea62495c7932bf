// Real-workbench E2E harness: code-server (Node 24, from npm) + playwright-core driving Debian chromium.
// Prerequisite: bash scripts/e2e-setup.sh
export {
  CHROMIUM_BIN,
  CODE_SERVER_ENTRY,
  NODE24_BIN,
  ARTIFACTS_DIR,
  REPO_ROOT,
  assertToolchain,
  makeTempDir,
} from './paths';
export {
  DEFAULT_USER_SETTINGS,
  createProfile,
  freePort,
  installVsix,
  listExtensions,
  startCodeServer,
  type CodeServer,
  type InstallVsixOptions,
  type Profile,
  type StartCodeServerOptions,
} from './codeServer';
export {
  CHROMIUM_ARGS,
  clickContextMenu,
  contextMenuItems,
  explorerRow,
  findInWebviews,
  openWorkbench,
  runCommand,
  screenshot,
  statusBarText,
  waitForCommand,
  waitForFile,
  type OpenWorkbenchOptions,
  type WebviewHit,
  type Workbench,
} from './workbench';
export { installLanguagePack } from './languagePack';
