/** A strict `multipart/form-data` reader for the fakes that take uploads. */

export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

/** A strict `multipart/form-data` parser (RFC 7578): returns the parts or an error text. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return 'multipart/form-data without a boundary';
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  if (body.indexOf(delimiter) !== 0) return 'the body does not start with the multipart boundary';
  const parts: MultipartPart[] = [];
  let pos = delimiter.length;
  for (;;) {
    if (body.toString('latin1', pos, pos + 2) === '--') return parts;
    if (body.toString('latin1', pos, pos + 2) !== '\r\n') return 'malformed multipart boundary line';
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) return 'a multipart part has no header end';
    const headers = new Map<string, string>();
    for (const line of body.toString('utf8', pos, headerEnd).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const start = headerEnd + 4;
    const end = body.indexOf(next, start);
    if (end === -1) return 'the multipart body is not terminated';
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\b/i.test(disposition)) return 'a multipart part is not form-data';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return 'a multipart part has no name';
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(headers.has('content-type') ? { contentType: headers.get('content-type') ?? '' } : {}),
      data: body.subarray(start, end),
    });
    pos = end + 2 + delimiter.length;
  }
}
