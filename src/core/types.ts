// The engine's shared words, at the bottom of src/core: image, video, jobs and providers all use them, and this
// file imports nothing, so no folder has to reach up into another for them.

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface Size {
  readonly width: number;
  readonly height: number;
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

/** A job's age as `1:12`, `12:05`, `1:02:03` (hours past the first); never negative. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`;
  return `${minutes}:${seconds}`;
}
