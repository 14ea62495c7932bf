import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { fitModes, MAX_NEGATIVE_PROMPT_LENGTH, MAX_SEED } from '../core/request';
import { ALSO_FORMATS } from '../core/video/alsoSave';
import { FPS_CHOICES } from '../core/video/clipPlan';
import { MOTIONS } from '../shared/motion';
import { errorMessage } from '../core/errors';

/** Flags keep the names users of the Azure image-to-video script already know (--image, --n-seconds, --max-wait …). */
const options = {
  image: { type: 'string', multiple: true, short: 'i' },
  'last-frame': { type: 'string' },
  prompt: { type: 'string', short: 'p' },
  output: { type: 'string', short: 'o' },
  size: { type: 'string' },
  'n-seconds': { type: 'string' },
  'poll-interval': { type: 'string' },
  'max-wait': { type: 'string' },
  provider: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  fit: { type: 'string' },
  'negative-prompt': { type: 'string' },
  seed: { type: 'string' },
  audio: { type: 'string' },
  'enhance-prompt': { type: 'string' },
  'custom-models': { type: 'string' },
  motion: { type: 'string' },
  fps: { type: 'string' },
  loop: { type: 'boolean' },
  also: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  'budget-usd': { type: 'string' },
  concurrency: { type: 'string' },
  'no-sidecar': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const positiveNumber = (flag: string) =>
  z.coerce.number({ error: l10n.t('{0} must be a number', flag) }).positive(l10n.t('{0} must be greater than 0', flag));

/** `on` / `off` (also true/false, yes/no, 1/0, as people type them) → a boolean. */
const onOff = (flag: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(['on', 'off', 'true', 'false', 'yes', 'no', '1', '0'], { error: l10n.t('{0} must be on or off', flag) }),
    )
    .transform((value) => ['on', 'true', 'yes', '1'].includes(value));

// Built when the command line is parsed, not when the module loads: its messages are in the locale's language.
const flagsSchema = () =>
  z.object({
    image: z.array(z.string().min(1)).default([]),
    'last-frame': z.string().min(1).optional(),
    prompt: z.string().default(''),
    output: z.string().min(1).optional(),
    size: z
      .string()
      .regex(/^\d{1,5}x\d{1,5}$/, l10n.t('{0} must look like 1280x720', '--size'))
      .optional(),
    'n-seconds': z.coerce
      .number({ error: l10n.t('{0} must be a whole number', '--n-seconds') })
      .int(l10n.t('{0} must be a whole number', '--n-seconds'))
      .positive()
      .optional(),
    'poll-interval': positiveNumber('--poll-interval').optional(),
    'max-wait': positiveNumber('--max-wait').default(600),
    provider: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    'base-url': z.url({ error: l10n.t('{0} must be a URL such as https://example.com/v1', '--base-url') }).optional(),
    fit: z.enum(fitModes, { error: l10n.t('{0} must be one of: {1}', '--fit', fitModes.join(', ')) }).default('crop'),
    'negative-prompt': z
      .string()
      .trim()
      .min(1, l10n.t('{0} must not be empty', '--negative-prompt'))
      .max(
        MAX_NEGATIVE_PROMPT_LENGTH,
        l10n.t('{0} takes at most {1} characters', '--negative-prompt', MAX_NEGATIVE_PROMPT_LENGTH),
      )
      .optional(),
    seed: z
      .string()
      .regex(/^\d+$/, l10n.t('{0} must be a whole number from 0 to {1}', '--seed', MAX_SEED))
      .transform(Number)
      .pipe(z.number().max(MAX_SEED, l10n.t('{0} must be a whole number from 0 to {1}', '--seed', MAX_SEED)))
      .optional(),
    audio: onOff('--audio').optional(),
    'enhance-prompt': onOff('--enhance-prompt').optional(),
    'custom-models': z.string().min(1, l10n.t('{0} needs a JSON file', '--custom-models')).optional(),
    motion: z.enum(MOTIONS, { error: l10n.t('{0} must be one of: {1}', '--motion', MOTIONS.join(', ')) }).optional(),
    fps: z
      .string()
      .pipe(
        z.enum(FPS_CHOICES.map(String) as [string, ...string[]], {
          error: l10n.t('{0} must be one of: {1}', '--fps', FPS_CHOICES.join(', ')),
        }),
      )
      .transform(Number)
      .optional(),
    loop: z.boolean().optional(),
    also: z
      .array(z.enum(ALSO_FORMATS, { error: l10n.t('{0} must be one of: {1}', '--also', ALSO_FORMATS.join(', ')) }))
      .transform((formats) => [...new Set(formats)])
      .default([]),
    'dry-run': z.boolean().default(false),
    'budget-usd': z.coerce
      .number({ error: l10n.t('{0} must be a number of US dollars', '--budget-usd') })
      .nonnegative(l10n.t('{0} must be 0 or more', '--budget-usd'))
      .optional(),
    concurrency: z.coerce
      .number()
      .int()
      .min(1, l10n.t('{0} must be at least {1}', '--concurrency', 1))
      .max(16, l10n.t('{0} is at most {1}', '--concurrency', 16))
      .default(3),
    'no-sidecar': z.boolean().default(false),
    verbose: z.boolean().default(false),
    json: z.boolean().default(false),
    help: z.boolean().default(false),
    version: z.boolean().default(false),
  });
export type CliFlags = z.infer<ReturnType<typeof flagsSchema>>;

const animateOnlyFlags = [
  'dry-run',
  'negative-prompt',
  'seed',
  'audio',
  'enhance-prompt',
  'motion',
  'fps',
  'loop',
  'also',
] as const;
const mcpFlags = ['budget-usd', 'custom-models', 'verbose', 'help', 'version'] as const;

export type CliCommand =
  | { readonly name: 'animate'; readonly flags: CliFlags }
  | { readonly name: 'resume'; readonly jobId: string; readonly flags: CliFlags }
  | { readonly name: 'remix'; readonly video: string; readonly flags: CliFlags }
  | { readonly name: 'jobs'; readonly flags: CliFlags }
  | { readonly name: 'providers'; readonly flags: CliFlags }
  | { readonly name: 'check'; readonly flags: CliFlags }
  | { readonly name: 'mcp'; readonly flags: CliFlags };

export class UsageError extends Error {}

export function parseCli(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
  const result = flagsSchema().safeParse(parsed.values);
  if (!result.success) throw new UsageError(result.error.issues.map((issue) => issue.message).join('; '));
  const flags = result.data;
  const [verb, ...rest] = parsed.positionals;
  // A dry run or an extra given to resume, remix or a listing would be ignored: refused instead, so nothing is sent unasked.
  const animateOnly = animateOnlyFlags.filter((name) => parsed.values[name] !== undefined);
  if (verb !== undefined && animateOnly.length > 0)
    throw new UsageError(
      l10n.t(
        '{0} only apply to a new animation (--image …), not to {1}',
        animateOnly.map((name) => `--${name}`).join(', '),
        verb,
      ),
    );
  // A cap that silently did not apply (to a resume, which spends nothing new, or a remix) would be worse than none.
  if (verb !== undefined && verb !== 'mcp' && parsed.values['budget-usd'] !== undefined)
    throw new UsageError(l10n.t('--budget-usd applies to a new animation (--image …) and to mcp, not to {0}', verb));
  if (verb === 'mcp') {
    // The agent picks provider, model and the rest per call: a start-up flag the server would not use is refused.
    const unused = Object.keys(parsed.values).filter((name) => !(mcpFlags as readonly string[]).includes(name));
    if (rest.length > 0 || unused.length > 0)
      throw new UsageError(
        unused.length > 0
          ? l10n.t(
              'usage: animate-image mcp [--budget-usd N] [--custom-models FILE] [--verbose] (not {0})',
              unused.map((name) => `--${name}`).join(', '),
            )
          : l10n.t('usage: animate-image mcp [--budget-usd N] [--custom-models FILE] [--verbose]'),
      );
    return { name: 'mcp', flags };
  }
  if (verb === 'resume') {
    if (rest.length !== 1 || !rest[0]) throw new UsageError(l10n.t('usage: animate-image resume <job-id>'));
    return { name: 'resume', jobId: rest[0], flags };
  }
  if (verb === 'remix') {
    if (flags.help || flags.version) return { name: 'remix', video: rest[0] ?? '', flags };
    if (rest.length !== 1 || !rest[0] || !flags.prompt.trim())
      throw new UsageError(l10n.t('usage: animate-image remix <video.mp4> --prompt "what to change"'));
    return { name: 'remix', video: rest[0], flags };
  }
  if (verb === 'jobs' || verb === 'providers') return { name: verb, flags };
  if (verb === 'check') {
    // Without --provider every configured provider is checked: a model or base URL would be meant for one of them.
    if (!flags.provider && (flags.model || flags['base-url']))
      throw new UsageError(l10n.t('check: --model and --base-url need --provider'));
    return { name: 'check', flags };
  }
  if (verb !== undefined)
    throw new UsageError(
      l10n.t('unknown command "{0}"; use --image to animate, or resume, remix, jobs, providers, check, mcp', verb),
    );
  if (!flags.help && !flags.version && flags.image.length === 0)
    throw new UsageError(l10n.t('--image is required (give it several times for a batch)'));
  return { name: 'animate', flags };
}

export const helpText = `animate-image — turn a still image into a short MP4

Usage
  animate-image --image cat.png [--prompt "slow zoom in"] [options]
  animate-image --image a.png --image b.jpg --concurrency 2     (a batch)
  animate-image resume <job-id>      follow a job that was still running
  animate-image remix <video.mp4> --prompt "what to change"
                                     a new (paid) video from one made earlier, beside it (cat-2.mp4);
                                     needs its cat.mp4.json sidecar and a provider that can remix (openai-videos, azure-openai)
  animate-image jobs                 list recent jobs
  animate-image --image cat.png --dry-run
                                     print what would be sent (provider, endpoint host, model, size,
                                     seconds, extras, cost estimate) and send nothing
  animate-image providers [--json]   the model catalog: each provider's models with lifecycle
                                     (live, deprecated, retired — retired ones are not offered), sizes,
                                     durations, last frame, extras and the date the facts were checked
  animate-image check [--provider ID] [--model ID] [--base-url URL] [--json]
                                     verify endpoint, key and model access without creating anything
                                     billable; without --provider, every provider with a key (or base URL)
                                     set. Exit 0 when every check is ok, 1 otherwise
  animate-image mcp [--budget-usd N] an MCP server on stdio for agents (Claude Desktop, Cursor, Continue …):
                                     tools animate_image, job_status, resume_job, list_video_models,
                                     check_video_provider. Tools may spend at most N US dollars per server
                                     session (default 0: only the free local and comfyui providers)

Options
  -i, --image PATH        input image (PNG, JPEG, WebP); repeat for a batch
      --last-frame PATH   last frame, for providers that animate between two images
  -p, --prompt TEXT       how the image should move
  -o, --output PATH       output MP4, or a folder for <image name>.mp4 (a new folder: end it with /);
                          a batch takes a folder; default: next to the image. Never overwrites (cat-2.mp4)
      --size WxH          output size (default: the model's first size)
      --n-seconds N       duration in seconds
      --provider ID       local (default, offline), or one listed by animate-image providers
      --model ID          model (or Azure deployment name); a retired model is refused with its successor
      --base-url URL      provider endpoint (e.g. a gateway or Azure /openai/v1/)
      --fit crop|smart|pad  how the image is fitted to the size (default crop: centred; smart: a crop
                          around the picture's subject; pad: all of it, with bars)
      --motion NAME       local provider: the camera move instead of reading it from the prompt:
                          zoom-in, zoom-out, pan-left, pan-right, pan-up, pan-down (tilt),
                          push-in (onto the subject), reveal (away from it), orbit (an arc around it)
      --fps 24|30|60      local provider: frames per second (default 24)
      --loop              local provider: a seamless loop (the move goes there and back; orbit circles)
      --also gif|webp     also save an animated GIF or WebP beside the video (cat.gif, cat.webp; repeat for
                          both; never overwrites). Local: from the rendered frames; other providers: from
                          the MP4, which needs ffmpeg (without it the MP4 is still saved)
      --negative-prompt TEXT  what must not appear in the video
      --seed N            seed for a repeatable result (0 … 2147483647)
      --audio on|off      generate an audio track, or a silent video
      --enhance-prompt on|off  let the provider rewrite the prompt
                          These four only for models that take them (see providers); asking a model that
                          cannot honour one is refused (exit 2) with the models that can — never ignored.
      --custom-models FILE  models the catalog does not list yet (default: $ANIMATE_IMAGE_CUSTOM_MODELS):
                          a JSON array of {"provider", "id", "sizes", "seconds", "lastFrame"?, "extras"?,
                          "pricePerSecondUsd"?, "label"?} for openai-videos, runway, dashscope, veo,
                          azure-openai, azure-sora-jobs; then --model ID uses it
      --dry-run           check everything and print what would be sent; send nothing (exit 0)
      --budget-usd N      refuse (exit 2, before anything is sent) when the estimate of all the videos is over
                          N US dollars, or a paid model has no known price (its cost cannot be bounded)
      --poll-interval S   fixed poll interval in seconds (default adapts)
      --max-wait S        stop waiting after S seconds (default 600); the job keeps running and can be resumed
      --concurrency N     parallel jobs in a batch (default 3)
      --json              print one JSON line per result (jobs --json: one per job; check --json: one per
                          provider; providers --json: the whole catalog as one JSON array)
      --no-sidecar        do not write cat.mp4.json (prompt, provider, model, source hash) beside the video
  -v, --verbose           log requests and timings to stderr
  -h, --help, --version

Keys come from the environment (OPENAI_API_KEY, AZURE_OPENAI_API_KEY, …) or a .env file in the current folder,
never from the base URL (a key in it is refused). HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or lower case) are honoured.

Output: the path of each saved video on stdout, one per line (with --json, JSON lines instead);
progress, notes and errors on stderr, with "warning: …" lines for a deprecated model or a service
retired upstream.

Exit codes
  0    done: every video saved
  1    failed (the provider, the network, the disk or the key)
  2    bad input: fix the image, flags, output, base URL or .env and run again
  3    still running at --max-wait: not a failure; resume later with animate-image resume <job-id>
  130  interrupted (Ctrl-C); a submitted job keeps running and can be resumed
  A batch exits with its worst outcome.`;
