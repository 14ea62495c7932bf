/**
 * What the provider tests share: a fake per test with a provider context pointed at it, and the checks that the API
 * key never reaches a log line or an error message.
 */
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { AnimateError } from '../../src/core/errors';
import type { JobStatus, ProviderContext, RemoteJob, VideoProvider } from '../../src/core/providers/provider';
import type { Logger } from '../../src/core/types';

/** A job signal that is never aborted. */
export const signal = (): AbortSignal => new AbortController().signal;

/** A logger that keeps every line as `level message`. */
export function recordingLogger(lines: string[]): Logger {
  const push = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

/** The AnimateError `promise` rejects with; its message must not contain `secret` (when given). */
export async function rejection(promise: Promise<unknown>, secret?: string): Promise<AnimateError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AnimateError, `expected an AnimateError, got ${String(error)}`);
    if (secret !== undefined) assert.ok(!error.message.includes(secret), 'the key leaked into an error message');
    return error;
  }
  assert.fail('expected a rejection');
}

export interface FakeHarness<Fake> {
  readonly fake: Fake;
  readonly ctx: ProviderContext;
  /** What the provider logged (see `recordingLogger`). */
  readonly lines: string[];
}

/**
 * `withFake` starts the fake with `key` for one test and closes it after, then checks no log line carried the key;
 * `rejection` also checks the key is not in the message.
 */
export function keyedHarness<
  Options extends { apiKey: string },
  Fake extends { readonly url: string; close(): Promise<void> },
>(key: string, start: (overrides: Partial<Options>) => Promise<Fake>) {
  return {
    async withFake(
      options: Partial<Options>,
      fn: (h: FakeHarness<Fake>) => Promise<void>,
      ctxOverrides: Partial<ProviderContext> = {},
    ): Promise<void> {
      const fake = await start({ apiKey: key, ...options });
      const lines: string[] = [];
      const ctx: ProviderContext = { apiKey: key, baseUrl: fake.url, log: recordingLogger(lines), ...ctxOverrides };
      try {
        await fn({ fake, ctx, lines });
      } finally {
        await fake.close();
      }
      for (const line of lines) assert.ok(!line.includes(key), `the key leaked into a log line: ${line}`);
    },
    rejection: (promise: Promise<unknown>): Promise<AnimateError> => rejection(promise, key),
  };
}

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Polls until the job ends; fails the test after `maxPolls` checks. */
export async function pollUntilDone(provider: VideoProvider, job: RemoteJob, maxPolls = 20): Promise<JobStatus[]> {
  const seen: JobStatus[] = [];
  for (let i = 0; i < maxPolls; i += 1) {
    const status = await provider.poll(job, signal());
    seen.push(status);
    if (status.state === 'succeeded' || status.state === 'failed') return seen;
  }
  assert.fail(`job ${job.id} did not end within ${maxPolls} polls`);
}
