// Resume after reload: a job is running at the fake when the window reloads (a new extension host, as after a crash
// or "Developer: Reload Window"). The new window must pick the job up from its stored record, show it in the status
// bar again and save the video, without a second POST /videos (a resubmit is a second bill) or a second file.
import { join } from 'node:path';
import { explorerRow, screenshot, waitForCommand, waitForFile } from '../harness';
import { WORKSPACE_IMAGES, added, expectH264, listDir, sha256 } from '../fixtures';
import { assert, pace, type Scenario } from './context';
import {
  PALETTE_ANIMATE,
  openFormFromExplorer,
  readJobProgress,
  typePrompt,
  waitForFormClosed,
  waitForToast,
  waitUntil,
} from './ui';

export const resumeAfterReload: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  pace(suite, 20, 2500); // about 50 s: long enough to reload the window in the middle
  const before = listDir(workspace);
  const creates = fake.requestsTo('create', 'POST').length;
  const form = await openFormFromExplorer(page, 'photo.PNG', WORKSPACE_IMAGES['photo.PNG']);
  const prompt = 'reload: slow push in';
  await typePrompt(form, prompt);
  await form.frame.locator('#animate').click();
  await waitForFormClosed(form);
  const job = await waitUntil(
    'the fake job for the reload prompt',
    () => [...fake.jobs.values()].find((j) => j.prompt === prompt),
    30_000,
  );
  const running = await waitUntil(
    'a status bar item "photo.PNG NN% · m:ss"',
    () => readJobProgress(page, 'photo.PNG'),
    30_000,
  );

  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 90_000 });
  await waitForCommand(page, PALETTE_ANIMATE, 60_000);
  const resumed = await waitUntil(
    'the photo.PNG job back in the status bar after the reload',
    () => readJobProgress(page, 'photo.PNG'),
    60_000,
  );
  // Fresh, not the percentage stored before the reload: the resumed job is polled at once.
  const live = Number(fake.videoJson(job.id)?.progress ?? 0);
  const stepPercent = 100 / (fake.options.runningSteps + 1);
  assert(
    resumed.percent >= live - 1.5 * stepPercent,
    `after the reload the status bar showed ${resumed.percent}% while the job was at ${live}% (stale progress; ${running.percent}% before the reload)`,
  );
  await screenshot(page, 'e2e-resumed-after-reload');

  const [made] = await waitUntil(
    'one new photo-N.mp4',
    () => {
      const found = added(before, listDir(workspace)).filter((n) => /^photo-\d+\.mp4$/.test(n));
      return found.length > 0 ? found : undefined;
    },
    90_000,
  );
  assert(made, 'no video was written after the reload');
  await waitForFile(join(workspace, made), 30_000);
  await explorerRow(page, made).waitFor({ state: 'visible', timeout: 20_000 });
  const saved = await waitForToast(page, `Saved ${made}.`, 20_000);
  assert(sha256(join(workspace, made)) === suite.servedSha, `${made} differs from the served MP4`);
  const probe = await expectH264(join(workspace, made), suite.remoteSize.width, suite.remoteSize.height);
  const newCreates = fake.requestsTo('create', 'POST').length - creates;
  assert(newCreates === 1, `${newCreates} POST /videos for one job across a reload: a resume must never resubmit`);
  // The old extension host must have let go: a second follower would download and save the video again, a little
  // later than the first.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const videos = added(before, listDir(workspace)).filter((n) => n.endsWith('.mp4'));
  assert(videos.length === 1, `new videos after the reload: ${videos.join(', ')}`);
  const downloads = fake.requestsTo('content', 'GET').filter((r) => r.path.includes(job.id)).length;
  assert(downloads === 1, `${downloads} downloads of ${job.id}: the job was followed twice`);
  return `"${running.text}" → reload → "${resumed.text}" (the job was at ${live}%); "${saved}" ${probe}; 1 create, ${downloads} download(s) of ${job.id}`;
};
