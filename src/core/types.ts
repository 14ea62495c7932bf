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
