// A job the provider refused on create (nothing was made, nothing billed): the Retry question must not say it
// "bills again", and the failed job is listed in the jobs store (and so the jobs view) like any other.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_IMAGES, added, listDir } from '../fixtures';
import { assert, type Scenario } from './context';
import { retryDialogText } from './remote';
import { openFormFromExplorer, toast, typePrompt, waitForFormClosed, waitForToast, waitUntil } from './ui';

const REFUSAL = 'Injected: this request was refused';

export const refusedCreate: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  const before = listDir(workspace);
  fake.failNext('create', { kind: 'status', status: 400, message: REFUSAL, code: 'invalid_value' });
  const form = await openFormFromExplorer(page, 'b.jpeg', WORKSPACE_IMAGES['b.jpeg']);
  const prompt = 'refused: slow pan right';
  await typePrompt(form, prompt);
  await form.frame.locator('#animate').click();
  await waitForFormClosed(form);
  const heading = 'Animating b.jpeg failed';
  const message = await waitForToast(page, heading, 30_000);
  assert(message.includes(REFUSAL), `the notice "${message}" does not give the provider's refusal`);
  assert(
    ![...fake.jobs.values()].some((job) => job.prompt === prompt),
    'the fake made a job although it refused the create',
  );

  const question = await retryDialogText(page, toast(page, heading));
  assert(
    !/bills? again/i.test(question),
    `the retry question says it bills again, though nothing was billed: "${question}"`,
  );
  assert(/Nothing was billed/.test(question), `the retry question reads "${question}"`);

  // In the jobs store that the jobs view shows: failed, with the provider's reason.
  const store = join(suite.userDataDir, 'User', 'globalStorage', suite.extensionId.toLowerCase(), 'jobs.json');
  const record = await waitUntil(
    'a failed record of the refused job in the jobs store',
    () => {
      if (!existsSync(store)) return undefined;
      const text = readFileSync(store, 'utf8');
      return text.includes(prompt) && text.includes(REFUSAL) ? text : undefined;
    },
    10_000,
  );
  assert(/"state":\s*"failed"/.test(record), 'the refused job is not recorded as failed');
  // Every record names the address its job went to (here the User setting's), like the CLI's.
  const endpoints = [...record.matchAll(/"endpoint":\s*"([^"]*)"/g)].map((m) => m[1]);
  assert(
    endpoints.length >= 2 && endpoints.every((e) => e === fake.url),
    `endpoints in the job records: ${endpoints.join(', ') || 'none'}`,
  );
  const extra = added(before, listDir(workspace));
  assert(extra.length === 0, `files appeared for a refused job: ${extra.join(', ')}`);
  return `"${message}"; retry question: "${question.slice(0, 160)}"; recorded as failed in the jobs store; ${endpoints.length} records name ${fake.url}`;
};
