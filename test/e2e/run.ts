// The real-workbench E2E suite: the packaged VSIX in code-server, driven through Chromium like a person.
//   npm run test:e2e        (= npm run package && bash scripts/e2e-setup.sh && node --import tsx test/e2e/run.ts)
// One code-server, one browser page and one in-process fake OpenAI Videos server serve every step. Each step prints
// PASS/FAIL and leaves a screenshot in test/e2e/artifacts/ (e2e-NN-<step>.png). Exit code 0 only when all passed.
// E2E_KEEP_TEMP=1 keeps the temp workspace/profile, E2E_DEBUG=1 prints what the harness waits for, E2E_VSIX=path
// tests another VSIX than ./animate-image.vsix.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startComfyFake } from '../fakes/comfyuiServer';
import { startFalFake } from '../fakes/falServer';
import { startOpenAiVideosFake } from '../fakes/openaiVideosServer';
import { startRunwayFake } from '../fakes/runwayServer';
import { makeServedVideo, listDir, sha256, writeChineseWorkspace, writeWorkspace } from './fixtures';
import {
  ARTIFACTS_DIR,
  REPO_ROOT,
  createProfile,
  installLanguagePack,
  installVsix,
  listExtensions,
  makeTempDir,
  openWorkbench,
  screenshot,
  startCodeServer,
  type CodeServer,
  type Workbench,
} from './harness';
import { assert, type Scenario, type Suite } from './scenarios/context';
import { menuAbsentOnText, menuOnImages } from './scenarios/explorer';
import { clearApiKey, extensionLogs, localProvider, paletteWithActivePreview } from './scenarios/local';
import { batchTwoImages, jobsView, remixPhoto } from './scenarios/batchRemixHistory';
import { promptHelp, walkthrough } from './scenarios/onboarding';
import { endpointInUserSettings, formSaysWhereAndWhatIsWrong, logNamesEndpoint } from './scenarios/endpoint';
import {
  CUSTOM_FAL_LABEL,
  CUSTOM_FAL_MODEL,
  WORKFLOW_FILE,
  comfyWorkflow,
  customModel,
  falModel,
  runwayBetween,
  runwayVeoForm,
  type ProviderFakes,
  type ProviderScenario,
} from './scenarios/providers';
import { formPreviewMoves, gifBesideMp4, jobsViewSaveWebp } from './scenarios/preview';
import { refusedCreate } from './scenarios/refused';
import { resumeAfterReload } from './scenarios/reload';
import {
  USER_PRESET,
  ZH_PALETTE_ANIMATE,
  chineseFormAnimatedWebp,
  untrustedNotice,
  type ChineseWindow,
} from './scenarios/restrictedChinese';
import {
  cancelFromStatusBar,
  failedJobNotice,
  formOpenAi,
  photoWritten,
  secondRunByKeyboard,
  statusProgress,
} from './scenarios/remote';
import { PALETTE_ANIMATE, resetUi } from './scenarios/ui';

/** E2E_VSIX runs the suite against another build (e.g. a deliberately broken one, to see the suite catch it). */
const VSIX = process.env.E2E_VSIX ?? join(REPO_ROOT, 'animate-image.vsix');
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
  version: string;
};
const EXTENSION_ID = `${PACKAGE.publisher}.${PACKAGE.name}`;
/** Accepted by the fake only; deliberately nothing like a real key. */
const FAKE_API_KEY = 'e2e-fake-key-not-a-secret-0042';
const RUNWAY_FAKE_KEY = 'key_e2e_runway_not_a_secret_0043';
const FAL_FAKE_KEY = 'e2e-fal-key-not-a-secret:0044';
const REMOTE_SIZE = { width: 1280, height: 720 };
const REMOTE_SECONDS = 4;
/** The whole run, setup included, must stay well inside CI's budget. */
const SUITE_BUDGET_MS = Number(process.env.E2E_BUDGET_MS ?? 12 * 60_000);

interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}

const results: StepResult[] = [];
const started = Date.now();
let page: Page | undefined;
let shotIndex = 0;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

interface StepOptions {
  /** Steps that must have passed; otherwise this one fails at once as "not run". */
  requires?: string[];
  timeoutMs?: number;
  /** Skip the tidy-up before the step: it reads what start-up showed (the tidy-up clears notifications). */
  keepUi?: boolean;
}

async function step(name: string, fn: () => Promise<string | void>, options: StepOptions = {}): Promise<boolean> {
  const t0 = Date.now();
  let ok = true;
  let detail = '';
  const missing = (options.requires ?? []).filter((dep) => !results.some((r) => r.name === dep && r.ok));
  if (missing.length > 0) {
    ok = false;
    detail = `not run: needs ${missing.join(', ')}`;
  } else if (Date.now() - started > SUITE_BUDGET_MS) {
    ok = false;
    detail = `not run: the suite budget of ${seconds(SUITE_BUDGET_MS)} is used up`;
  } else {
    if (page && !options.keepUi) await resetUi(page).catch(() => undefined);
    const timeoutMs = options.timeoutMs ?? 90_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`step timed out after ${seconds(timeoutMs)}`)), timeoutMs);
      });
      detail = (await Promise.race([fn(), timeout])) ?? '';
    } catch (error) {
      ok = false;
      detail = ((error as Error).message ?? String(error)).split('\n').slice(0, 8).join('\n      ');
    } finally {
      clearTimeout(timer);
    }
    if (page) {
      const file = await screenshot(
        page,
        `e2e-${String(++shotIndex).padStart(2, '0')}-${name}${ok ? '' : '-FAILED'}`,
      ).catch(() => '');
      if (file) detail += `${detail ? '\n      ' : ''}screenshot ${file.slice(ARTIFACTS_DIR.length + 1)}`;
    }
  }
  const ms = Date.now() - t0;
  results.push({ name, ok, ms, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name} (${seconds(ms)})${detail ? `\n      ${detail}` : ''}`);
  return ok;
}

/** Screenshots of an earlier run would be mistaken for this one's. */
function clearOldScreenshots(): void {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const name of readdirSync(ARTIFACTS_DIR)) {
    if (/^e2e-.*\.png$/.test(name)) rmSync(join(ARTIFACTS_DIR, name), { force: true });
  }
}

async function main(): Promise<number> {
  clearOldScreenshots();
  const workspace = makeTempDir('workspace');
  const scratch = makeTempDir('media');
  const profile = createProfile('e2e');
  const zhWorkspace = makeTempDir('workspace-zh');
  const zhProfile = createProfile('zh');
  let served: Buffer = Buffer.alloc(0);
  let fake: Awaited<ReturnType<typeof startOpenAiVideosFake>> | undefined;
  let providerFakes: ProviderFakes | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let zhServer: CodeServer | undefined;
  let zhWorkbench: Workbench | undefined;
  const timings: string[] = [];

  try {
    const ready =
      (await step('prepare-fixtures', async () => {
        await writeWorkspace(workspace);
        served = await makeServedVideo(scratch, `${REMOTE_SIZE.width}x${REMOTE_SIZE.height}`, REMOTE_SECONDS);
        return `workspace ${listDir(workspace).join(', ')}; served MP4 ${served.length} bytes (h264 ${REMOTE_SIZE.width}x${REMOTE_SIZE.height}, ${REMOTE_SECONDS} s)`;
      })) &&
      (await step('install-vsix', async () => {
        assert(existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
        await installVsix(VSIX, profile.extensionsDir, { userDataDir: profile.userDataDir });
        const installed = await listExtensions(profile.extensionsDir, profile.userDataDir);
        assert(
          installed.includes(`${EXTENSION_ID}@${PACKAGE.version}`),
          `not installed: ${installed.join(', ') || 'nothing'}`,
        );
        return `${EXTENSION_ID}@${PACKAGE.version}`;
      })) &&
      (await step('start-fake-and-code-server', async () => {
        fake = await startOpenAiVideosFake({ apiKey: FAKE_API_KEY, video: served, runningSteps: 3, stepMs: 500 });
        // The providers of late 2026, each at the address a user gives in animateImage.baseUrls; the fal fake also
        // serves the model the user adds in animateImage.customModels.
        providerFakes = {
          runway: await startRunwayFake({ apiKey: RUNWAY_FAKE_KEY, video: served, runningSteps: 2 }),
          fal: await startFalFake({
            apiKey: FAL_FAKE_KEY,
            video: served,
            extraModels: { [CUSTOM_FAL_MODEL]: { image: 'image_url', fields: { duration: ['6'], seed: 'integer' } } },
          }),
          comfy: await startComfyFake({ video: served }),
          runwayKey: RUNWAY_FAKE_KEY,
          falKey: FAL_FAKE_KEY,
        };
        // The user's own ComfyUI workflow: the shipped Wan 2.2 template, exported as a file in the workspace.
        mkdirSync(join(workspace, 'flows'), { recursive: true });
        copyFileSync(join(REPO_ROOT, 'src/core/providers/comfyui/wan2.2-i2v.json'), join(workspace, WORKFLOW_FILE));
        // The endpoint goes where a user sets it: the User settings.json (in code-server, a remote window, where a
        // machine-scoped value there would be ignored and the job sent to the provider's default host).
        server = await startCodeServer({
          workspace,
          extensionsDir: profile.extensionsDir,
          userDataDir: profile.userDataDir,
          name: 'e2e',
          userSettings: {
            'workbench.colorTheme': 'Default Dark Modern',
            'animateImage.pollIntervalSeconds': 0.5,
            'animateImage.maxWaitMinutes': 5,
            'animateImage.openaiVideos.baseUrl': fake.url,
            'animateImage.baseUrls': {
              runway: providerFakes.runway.url,
              fal: providerFakes.fal.url,
              comfyui: providerFakes.comfy.url,
            },
            'animateImage.comfyui.workflow': WORKFLOW_FILE,
            'animateImage.customModels': [
              {
                provider: 'fal',
                id: CUSTOM_FAL_MODEL,
                label: CUSTOM_FAL_LABEL,
                sizes: ['1280x720'],
                seconds: [6],
                extras: ['seed'],
              },
            ],
          },
          // No key may leak in from the caller's environment: the suite sets it through the UI.
          env: { OPENAI_API_KEY: '', AZURE_OPENAI_API_KEY: '', RUNWAYML_API_SECRET: '', FAL_KEY: '' },
        });
        return `fake ${fake.url}; code-server ${server.url} (log ${server.logFile.slice(ARTIFACTS_DIR.length + 1)})`;
      })) &&
      (await step(
        'open-workbench',
        async () => {
          workbench = await openWorkbench(server!.url, workspace, { waitForCommand: PALETTE_ANIMATE, name: 'e2e' });
          page = workbench.page;
          const t = workbench.timings;
          timings.push(
            `workbench ${seconds(t.workbenchMs)}, explorer ${seconds(t.explorerMs)}, extension ready ${seconds(t.readyMs)}`,
          );
          return timings[0];
        },
        { timeoutMs: 150_000 },
      ));
    if (!ready || !page || !fake) return 1;

    const suite: Suite = {
      page,
      workspace,
      fake,
      apiKey: FAKE_API_KEY,
      served,
      servedSha: sha256(served),
      remoteSize: REMOTE_SIZE,
      remoteSeconds: REMOTE_SECONDS,
      notes: new Map([['listing', JSON.stringify(listDir(workspace))]]),
      userDataDir: profile.userDataDir,
      extensionId: EXTENSION_ID,
    };
    const run = (name: string, scenario: Scenario, options?: StepOptions): Promise<boolean> =>
      step(name, () => scenario(suite), options);
    const fakes = providerFakes;
    const runWith = (name: string, scenario: ProviderScenario, options?: StepOptions): Promise<boolean> =>
      step(
        name,
        () => (fakes ? scenario(suite, fakes) : Promise.reject(new Error('the provider fakes did not start'))),
        options,
      );

    await run('explorer-menu-on-images', menuOnImages);
    await run('explorer-menu-absent-on-notes.txt', menuAbsentOnText);
    await run('endpoint-from-user-settings-no-red-default', endpointInUserSettings);
    await run('form-openai-videos', formOpenAi);
    await run('status-bar-progress-moving', statusProgress, { requires: ['form-openai-videos'] });
    await run('photo.mp4-written-valid', photoWritten, { requires: ['form-openai-videos'] });
    await run('log-names-endpoint-before-sending', logNamesEndpoint, { requires: ['form-openai-videos'] });
    await run('form-validates-prompt-and-names-endpoint', formSaysWhereAndWhatIsWrong, {
      requires: ['form-openai-videos'],
    });
    await run('second-run-photo-2.mp4-keyboard', secondRunByKeyboard, { requires: ['photo.mp4-written-valid'] });
    await run('cancel-from-status-bar-30-clicks', cancelFromStatusBar, {
      requires: ['form-openai-videos'],
      timeoutMs: 180_000,
    });
    await run('failed-job-notification', failedJobNotice, { requires: ['form-openai-videos'] });
    await run('refused-create-not-billed-in-jobs-view', refusedCreate, { requires: ['form-openai-videos'] });
    await run('palette-with-active-image-preview', paletteWithActivePreview);
    await run('prompt-help-chips-snippets-template', promptHelp);
    // Batch, remix and the jobs view need the fake and the stored key, so they run before the key is cleared and the
    // local-provider step shuts the fake down.
    await run('batch-b.jpeg-c.webp', batchTwoImages, { requires: ['form-openai-videos'] });
    await run('remix-photo.mp4', remixPhoto, { requires: ['photo.mp4-written-valid'] });
    await run('jobs-view-lists-runs', jobsView, { requires: ['photo.mp4-written-valid'] });
    await run('resume-after-window-reload', resumeAfterReload, {
      requires: ['form-openai-videos'],
      timeoutMs: 240_000,
    });
    await run('clear-api-key', clearApiKey, { requires: ['form-openai-videos'] });
    await run('local-provider-no-server-no-key', localProvider, { requires: ['clear-api-key'], timeoutMs: 180_000 });
    await run('form-preview-moves', formPreviewMoves);
    await run('also-save-gif-beside-mp4', gifBesideMp4, { timeoutMs: 240_000 });
    await run('jobs-view-save-as-webp', jobsViewSaveWebp, {
      requires: ['also-save-gif-beside-mp4'],
      timeoutMs: 180_000,
    });
    await run('walkthrough-animates-the-sample', walkthrough, { timeoutMs: 180_000 });
    await runWith('form-runway-veo3.1-extras', runwayVeoForm);
    await runWith('between-images-runway-veo3.1', runwayBetween, { requires: ['form-runway-veo3.1-extras'] });
    await runWith('form-fal-kling', falModel);
    await runWith('form-comfyui-workflow-from-settings', comfyWorkflow);
    await runWith('form-custom-model-from-settings', customModel, { requires: ['form-fal-kling'] });
    await step('logs-clean', async () => checkLogs(profile.userDataDir));

    // The second window needs the CPU: the first one goes.
    await workbench?.browser.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    page = undefined;
    const zhReady = await step(
      'zh-cn-restricted-window',
      async () => {
        await writeChineseWorkspace(zhWorkspace);
        await installVsix(VSIX, zhProfile.extensionsDir, { userDataDir: zhProfile.userDataDir });
        const pack = await installLanguagePack('zh-cn', zhProfile, scratch);
        zhServer = await startCodeServer({
          workspace: zhWorkspace,
          extensionsDir: zhProfile.extensionsDir,
          userDataDir: zhProfile.userDataDir,
          name: 'zh',
          workspaceTrust: true,
          locale: 'zh-cn',
          userSettings: { 'workbench.colorTheme': 'Default Light Modern', 'animateImage.presets': [USER_PRESET] },
          env: { OPENAI_API_KEY: '', AZURE_OPENAI_API_KEY: '' },
        });
        zhWorkbench = await openWorkbench(zhServer.url, zhWorkspace, {
          waitForCommand: ZH_PALETTE_ANIMATE,
          name: 'zh',
        });
        page = zhWorkbench.page;
        return `${listDir(zhWorkspace).join(', ')}; display language pack ${pack}; Workspace Trust on, folder not trusted; "${ZH_PALETTE_ANIMATE}" in the palette`;
      },
      { timeoutMs: 200_000 },
    );
    if (zhReady && page) {
      const zhWindow: ChineseWindow = { page, workspace: zhWorkspace };
      await step('zh-untrusted-settings-notice', () => untrustedNotice(zhWindow), { keepUi: true });
      await step('zh-form-animated-webp-local', () => chineseFormAnimatedWebp(zhWindow), { timeoutMs: 180_000 });
    }
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    const t0 = Date.now();
    for (const open of [workbench, zhWorkbench]) await open?.browser.close().catch(() => undefined);
    for (const running of [server, zhServer]) await running?.stop().catch(() => undefined);
    await fake?.close().catch(() => undefined);
    for (const other of [providerFakes?.runway, providerFakes?.fal, providerFakes?.comfy])
      await other?.close().catch(() => undefined);
    if (!process.env.E2E_KEEP_TEMP) {
      for (const dir of [profile.root, workspace, scratch, zhProfile.root, zhWorkspace])
        rmSync(dir, { recursive: true, force: true });
    }
    timings.push(`teardown ${seconds(Date.now() - t0)}`);
    console.log(`\ntimings: ${timings.join('; ')}`);
  }
}

/**
 * The extension's log must exist, hold no protocol complaints (a host or webview message that failed its schema)
 * and never the API key; neither may any other log of the run.
 */
const KEYS = [FAKE_API_KEY, RUNWAY_FAKE_KEY, FAL_FAKE_KEY];

function checkLogs(userDataDir: string): string {
  const logs = extensionLogs(userDataDir);
  assert(logs.length > 0, `no "Animate Image" log under ${userDataDir}/logs`);
  const text = logs.map((file) => readFileSync(file, 'utf8')).join('\n');
  const complaints = text.split('\n').filter((line) => /does not match the protocol|not sending an invalid/.test(line));
  assert(complaints.length === 0, `protocol problems in the extension log:\n${complaints.slice(0, 5).join('\n')}`);
  assert(/starting 1 job\(s\) with openai-videos/.test(text), 'the log does not show the OpenAI Videos job starting');
  assert(/sending to http:\/\/127\.0\.0\.1:\d+/.test(text), 'the log never names the address a job is sent to');
  const browserLog = join(ARTIFACTS_DIR, 'browser-e2e.log');
  if (existsSync(browserLog)) {
    const ignored = readFileSync(browserLog, 'utf8')
      .split('\n')
      .filter((l) => l.includes('ignored a message that does not match the protocol'));
    assert(ignored.length === 0, `the webview ignored host messages:\n${ignored.slice(0, 3).join('\n')}`);
  }
  const leaks: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(log|txt)$/.test(entry.name) && KEYS.some((key) => readFileSync(path, 'utf8').includes(key)))
        leaks.push(path);
    }
  };
  walk(join(userDataDir, 'logs'));
  for (const file of readdirSync(ARTIFACTS_DIR)) {
    if (
      /^(code-server-e2e|browser-e2e)\.log$/.test(file) &&
      KEYS.some((key) => readFileSync(join(ARTIFACTS_DIR, file), 'utf8').includes(key))
    )
      leaks.push(file);
  }
  assert(leaks.length === 0, `the API key appears in: ${leaks.join(', ')}`);
  const lines = text.split('\n').filter(Boolean).length;
  return `${logs.length} extension log file(s), ${lines} lines: no protocol complaints, no key in any log`;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    return 1;
  })
  .then((code) => {
    const failed = results.filter((r) => !r.ok);
    console.log(
      `\n${failed.length === 0 && code === 0 ? 'E2E PASSED' : 'E2E FAILED'}: ${results.length - failed.length}/${results.length} steps passed ` +
        `in ${seconds(Date.now() - started)}; screenshots and logs in ${ARTIFACTS_DIR}`,
    );
    if (failed.length > 0) console.log(`failed: ${failed.map((r) => r.name).join(', ')}`);
    process.exit(failed.length === 0 ? code : 1);
  });
