import type { Readable } from 'node:stream';
import type { CatalogModel, CustomModel, Lifecycle } from './catalog';
import type { PreparedImage } from '../image/prepare';
import type { Logger, Size } from '../types';

/** What one model of a provider accepts; drives the form, CLI validation and the cost estimate. */
export interface ModelCapabilities {
  readonly id: string;
  readonly label: string;
  /** Output sizes as `WxH`, first is the default. */
  readonly sizes: readonly string[];
  /** Durations in seconds, first is the default. */
  readonly seconds: readonly number[];
  readonly maxPromptLength: number;
  /** The provider reports a progress percentage while running. */
  readonly progress: boolean;
  /** The remote job can be cancelled or deleted. */
  readonly cancel: boolean;
  readonly remix: boolean;
  /** Accepts a last frame as well as the first (animate between two images). */
  readonly lastFrame: boolean;
  /** The input image must have exactly the output size (else the provider rejects it). */
  readonly exactInputSize: boolean;
  /** Largest encoded input image the provider accepts, in bytes. */
  readonly maxImageBytes: number;
}

export interface ProviderInfo {
  readonly id: string;
  readonly label: string;
  /** Needs an API key (local and AOG do not). */
  readonly needsKey: boolean;
  /** Environment variables the CLI reads the key from, in order. */
  readonly keyEnv: readonly string[];
  readonly defaultBaseUrl?: string;
  /** Models offered for new jobs (live and deprecated), the default first. */
  readonly models: readonly ModelCapabilities[];
  /** Models the provider has shut down: never offered, known only to resume jobs and to name their successor. */
  readonly retiredModels?: readonly ModelCapabilities[];
  /** The API takes model ids it does not list (an Azure deployment name, a model of an OpenAI-compatible server). */
  readonly anyModelId?: boolean;
  /** Model ids are the user's deployment names (Azure): a retired catalog model describes the model, not a name. */
  readonly deploymentNames?: boolean;
  /** The service itself is deprecated or retired upstream (its label says so too). */
  readonly lifecycle?: Lifecycle;
  /** What a user must know before choosing it (a time limit, a fixed output resolution, how to keep using it). */
  readonly note?: string;
}

/** Optional request fields only some models take (see each catalog model's `extras`); unset = the provider's default. */
export interface RequestExtras {
  readonly negativePrompt?: string | undefined;
  readonly seed?: number | undefined;
  /** Generate an audio track (false = silent, where the model lets it be switched off). */
  readonly audio?: boolean | undefined;
  /** Let the provider rewrite the prompt with an LLM before generating. */
  readonly enhancePrompt?: boolean | undefined;
}

export interface PreparedRequest {
  readonly prompt: string;
  readonly model: string;
  readonly size: Size;
  readonly seconds: number;
  readonly image: PreparedImage;
  readonly lastFrame?: PreparedImage;
  readonly extras?: RequestExtras;
}

/**
 * The answer of `check`: what a request that creates nothing billable learned about the endpoint, the key and the
 * model. `undefined` = not found out (e.g. no key needed, or the API has no way to tell without creating a job).
 */
export interface ConnectionCheck {
  readonly provider: string;
  readonly model?: string | undefined;
  /** Where the check went (host and route), never the key. */
  readonly endpoint: string;
  /** false also when nothing was sent (no key set, invalid base URL): `problem` says which. */
  readonly reachable: boolean;
  readonly keyAccepted?: boolean;
  readonly modelAvailable?: boolean;
  /** Everything checked is fine. */
  readonly ok: boolean;
  /** What is wrong, in plain words, with what to do about it. */
  readonly problem?: string;
}

/** A submitted job as the provider knows it; persisted so it can be resumed. `data` is provider-specific and JSON-safe. */
export interface RemoteJob {
  readonly provider: string;
  readonly id: string;
  readonly model: string;
  readonly data?: Readonly<Record<string, string>> | undefined;
}

export type JobStatus =
  /** `queuePosition`: how many requests are ahead in the provider's queue, where it says (fal). */
  | {
      readonly state: 'queued';
      readonly progress?: number;
      readonly pollAfterMs?: number;
      readonly queuePosition?: number;
    }
  | { readonly state: 'running'; readonly progress?: number; readonly pollAfterMs?: number }
  /** `job` replaces the old one when the provider learned something needed to download (e.g. a URL). */
  | { readonly state: 'succeeded'; readonly job?: RemoteJob }
  | { readonly state: 'failed'; readonly reason: string; readonly code?: string };

export interface VideoProvider {
  readonly info: ProviderInfo;
  /** Starts a paid job. Never retried blindly: a retry could bill twice. */
  submit(request: PreparedRequest, signal: AbortSignal): Promise<RemoteJob>;
  poll(job: RemoteJob, signal: AbortSignal): Promise<JobStatus>;
  /** The finished MP4 as a byte stream (never buffered whole). */
  download(job: RemoteJob, signal: AbortSignal): Promise<Readable>;
  cancel?(job: RemoteJob): Promise<void>;
  /**
   * Starts a new (paid) job from a completed one with a new prompt; the result is followed like any submitted job.
   * Only providers with a model whose `remix` capability is true implement it.
   */
  remix?(job: RemoteJob, prompt: string, signal: AbortSignal): Promise<RemoteJob>;
  /**
   * Verifies endpoint, key and (when given) model access with requests that create nothing billable. Never throws
   * for what it finds out (that is the result); throws only for bad input such as an invalid base URL.
   */
  check?(model: string | undefined, signal: AbortSignal): Promise<ConnectionCheck>;
  /**
   * The models the provider's API lists right now, with what each really takes (sizes, durations, last frame, extras,
   * prices), read with a request that creates nothing billable. Only providers whose API offers discovery implement it.
   */
  discoverModels?(signal: AbortSignal): Promise<readonly CatalogModel[]>;
}

/** Everything a provider needs from its host (CLI or extension); never read from globals. */
export interface ProviderContext {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Provider-specific settings, validated by the provider with zod. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Models the user added in settings (`customModelSchema` entries); each provider keeps those meant for it. */
  readonly customModels?: readonly CustomModel[];
  readonly log: Logger;
}
