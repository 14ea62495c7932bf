import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { decodeImage } from '../../../src/core/image/decode';
import type { Decoder } from '../../../src/core/image/prepare';
import { createLocalProvider } from '../../../src/core/providers/local';
import { providerInfo } from '../../../src/core/providers/registry';
import { prepareRequest, resolveRequest } from '../../../src/core/request';
import { silentLogger } from '../../../src/core/types';
import { solidImage } from '../../helpers/images';

let dir: string;
let first: string;
let last: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prepare-request-'));
  first = join(dir, 'first.jpg');
  last = join(dir, 'last.png');
  await writeFile(
    first,
    await solidImage(800, 600, { format: 'jpeg', channels: 3, background: { r: 20, g: 120, b: 200 } }),
  );
  await writeFile(
    last,
    await solidImage(800, 600, { format: 'png', channels: 3, background: { r: 200, g: 40, b: 20 } }),
  );
});

after(() => rm(dir, { recursive: true, force: true }));

/** The real decoder, counting its calls. */
function countingDecoder(): { decode: Decoder; calls: () => number } {
  let calls = 0;
  return {
    decode: (bytes, options) => {
      calls += 1;
      return decodeImage(bytes, options);
    },
    calls: () => calls,
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('prepareRequest: each image decoded once, in the form the model takes', () => {
  it('a local run decodes once; the renderer films from those pixels and never reads the file again', async () => {
    const info = providerInfo('local');
    const counter = countingDecoder();
    const image = join(dir, 'local.jpg');
    await writeFile(image, await readFile(first));
    const request = resolveRequest({ image, provider: 'local', size: '480x854', seconds: 2 }, info);
    const prepared = await prepareRequest(info, request, counter.decode);
    assert.equal(counter.calls(), 1);
    assert.ok(prepared.image.pixels, 'decoded source pixels');
    assert.deepEqual([prepared.image.pixels.width, prepared.image.pixels.height], [800, 600]);
    // Nothing encoded: the bytes are the file as read.
    assert.ok(Buffer.from(prepared.image.bytes).equals(await readFile(image)));

    await rm(image);
    const provider = createLocalProvider({ log: silentLogger, options: { encoder: 'wasm' } });
    const job = await provider.submit(prepared, new AbortController().signal);
    for (;;) {
      const status = await provider.poll(job, new AbortController().signal);
      if (status.state === 'succeeded') break;
      assert.ok(status.state !== 'failed', status.state === 'failed' ? status.reason : '');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok((await readAll(await provider.download(job, new AbortController().signal))).length > 0);
    assert.equal(counter.calls(), 1, 'no decode after prepare');
  });

  it('a paid run decodes each image once and uploads an encoded, fitted, opaque RGB PNG', async () => {
    const info = providerInfo('dashscope');
    const counter = countingDecoder();
    const request = resolveRequest(
      { image: first, lastFrame: last, provider: 'dashscope', model: 'wan2.7-i2v', size: '1280x720', seconds: 5 },
      info,
    );
    const prepared = await prepareRequest(info, request, counter.decode);
    assert.equal(counter.calls(), 2, 'one decode for the first frame, one for the last');
    for (const image of [prepared.image, prepared.lastFrame]) {
      assert.ok(image);
      assert.equal(image.pixels, undefined, 'no pixels kept for an upload');
      assert.deepEqual([image.mime, image.width, image.height, image.bytes[25]], ['image/png', 1280, 720, 2]);
    }
  });
});
