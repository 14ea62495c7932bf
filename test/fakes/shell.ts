/**
 * The shell entry every fake has for E2E: `--port 0` picks a free port, `{"url":…}` goes to stdout on one line, and
 * the fake runs until SIGINT/SIGTERM. A bad flag ends it with `name: message` on stderr and exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A flag with a value (`--key KEY`). */
export const TEXT = { type: 'string' } as const;
/** A flag without one (`--no-data`). */
export const SWITCH = { type: 'boolean' } as const;

/** Parses `argv` strictly: `--port` and `--host`, which every fake takes, and the fake's own `flags`. */
export function parseFlags<Flags extends NonNullable<ParseArgsConfig['options']>>(argv: string[], flags: Flags) {
  const options = {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    ...flags,
  } as const;
  return parseArgs({ args: argv, options, strict: true }).values;
}

/** A flag that must be a whole number; undefined when not given. */
export function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${text}"`);
  return value;
}

/** Flags several fakes share, each mapping to the option of the same meaning; a fake parses only the ones it takes. */
interface SharedFlags {
  readonly port?: string;
  readonly host?: string;
  readonly key?: string;
  readonly steps?: string;
  readonly 'running-steps'?: string;
  readonly 'fail-word'?: string;
  readonly 'video-bytes'?: string;
}

interface SharedOptions {
  port: number;
  host: string;
  apiKey?: string;
  pollsPerStep?: number;
  runningSteps?: number;
  failWord?: string;
  video?: { bytes: number };
}

/**
 * The options the flags set; a flag not given leaves the fake's default. `own` reads the fake's own flags; it runs
 * just before `--video-bytes` is read, so that of two bad flags the same one is reported as always.
 */
export function sharedOptions<Own extends object = object>(
  flags: SharedFlags,
  own: () => Own = () => ({}) as Own,
): SharedOptions & Own {
  const options: SharedOptions = { port: wholeNumber('port', flags.port) ?? 0, host: flags.host ?? '127.0.0.1' };
  if (flags.key !== undefined) options.apiKey = flags.key;
  const steps = wholeNumber('steps', flags.steps);
  if (steps !== undefined) options.pollsPerStep = Math.max(1, steps);
  const runningSteps = wholeNumber('running-steps', flags['running-steps']);
  if (runningSteps !== undefined) options.runningSteps = runningSteps;
  if (flags['fail-word'] !== undefined) options.failWord = flags['fail-word'];
  const ownOptions = own();
  const videoBytes = wholeNumber('video-bytes', flags['video-bytes']);
  if (videoBytes !== undefined) options.video = { bytes: videoBytes };
  return { ...options, ...ownOptions };
}

/** Starts the fake, prints its URL and closes it on a signal. */
export function runFromShell(
  name: string,
  start: () => Promise<{ readonly url: string; close(): Promise<void> }>,
): void {
  Promise.resolve()
    .then(start) // a bad flag throws inside `start`: it must end as a rejection, not an uncaught error
    .then((fake) => {
      process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
      const stop = (): void => {
        void fake.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    });
}
