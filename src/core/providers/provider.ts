import type { Readable } from 'node:stream';

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface Size {
  readonly width: number;
  readonly height: number;
}

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
  readonly models: readonly ModelCapabilities[];
}

/** An image ready to send: already fitted to the requested size and encoded. */
export interface PreparedImage {
  readonly bytes: Uint8Array;
  readonly mime: ImageMime;
  readonly width: number;
  readonly height: number;
  readonly fileName: string;
  /** Absolute path of the original file, for providers that can read it themselves. */
  readonly sourcePath: string;
  /** Worth telling the user (e.g. only the first frame of an animated WebP is used). */
  readonly notes?: readonly string[];
}

export interface PreparedRequest {
  readonly prompt: string;
  readonly model: string;
  readonly size: Size;
  readonly seconds: number;
  readonly image: PreparedImage;
  readonly lastFrame?: PreparedImage;
}

/** A submitted job as the provider knows it; persisted so it can be resumed. `data` is provider-specific and JSON-safe. */
export interface RemoteJob {
  readonly provider: string;
  readonly id: string;
  readonly model: string;
  readonly data?: Readonly<Record<string, string>>;
}

export type JobStatus =
  | { readonly state: 'queued'; readonly progress?: number; readonly pollAfterMs?: number }
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
}

/** Everything a provider needs from its host (CLI or extension); never read from globals. */
export interface ProviderContext {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  /** Provider-specific settings, validated by the provider with zod. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly log: Logger;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function parseSize(text: string): Size {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(text);
  if (!match) throw new Error(`size must look like 1280x720, got "${text}"`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function formatSize(size: Size): string {
  return `${size.width}x${size.height}`;
}
