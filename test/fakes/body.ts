/** Request bodies as the fakes read them: size-limited, JSON when it parses, media types without parameters. */
import type { IncomingMessage } from 'node:http';

/** The whole body, or undefined once it passes `maxBytes` (the fake then answers 413). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The parsed body of an `application/json…` request; undefined when empty or not JSON (create then answers 400). */
export function jsonOf(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0 || !(contentType ?? '').startsWith('application/json')) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** `Image/PNG; charset=x` → `image/png`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
