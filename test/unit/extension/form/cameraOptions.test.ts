// The form's camera options reach the job: the values the webview sends become the local provider's options for that
// job (the provider records what it filmed), and no other provider is given them.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createLocalProvider } from '../../../../src/core/providers/local';
import type { PreparedRequest } from '../../../../src/core/providers/provider';
import { silentLogger } from '../../../../src/core/types';
import { cameraOptions, providerViews } from '../../../../src/extension/form/formModel';
import { allProviderInfos, providerInfo } from '../../../../src/core/providers/registry';
import { prepareRequest } from '../../../../src/core/request';
import { parseWebviewMessage } from '../../../../src/shared/protocol';

let dir: string;
let image: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'animate-image-camera-'));
  image = join(dir, 'cat.png');
  await writeFile(
    image,
    await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 40, g: 120, b: 200 } } })
      .png()
      .toBuffer(),
  );
});

after(() => rm(dir, { recursive: true, force: true }));

/** Prepared as the runner prepares a local job: the source decoded once (`prepareRequest`). */
function request(prompt: string): Promise<PreparedRequest> {
  return prepareRequest(providerInfo('local'), {
    image,
    prompt,
    provider: 'local',
    model: 'camera-move',
    size: { width: 160, height: 96 },
    seconds: 2,
    fit: 'crop',
  });
}

const base = { prompt: 'slow zoom in', model: 'camera-move', size: '1280x720', seconds: 4, fit: 'crop' as const };

describe('camera options from the form', () => {
  it('reach the local provider as its options: the job films that move, rate and loop, not the prompt’s', async () => {
    const message = parseWebviewMessage({
      type: 'animate',
      values: { ...base, provider: 'local', motion: 'orbit', fps: 60, loop: true },
    });
    assert.equal(message?.type, 'animate');
    const options = message?.type === 'animate' ? cameraOptions(message.values) : undefined;
    assert.deepEqual(options, { motion: 'orbit', fps: 60, loop: true });
    const provider = createLocalProvider({ log: silentLogger, options: { encoder: 'wasm', ...options } });
    const controller = new AbortController();
    const job = await provider.submit(await request('slow zoom in'), controller.signal);
    try {
      assert.deepEqual(job.data, { motion: 'orbit', fps: '60', loop: 'true' });
    } finally {
      await provider.cancel?.(job);
      controller.abort();
    }
  });

  it('leave the prompt’s move when none is chosen', () => {
    assert.equal(cameraOptions({ ...base, provider: 'local' }), undefined);
    assert.deepEqual(cameraOptions({ ...base, provider: 'local', loop: false, fps: 24 }), { fps: 24 });
  });

  it('are never given to another provider', () => {
    assert.equal(cameraOptions({ ...base, provider: 'runway', motion: 'orbit', fps: 60, loop: true }), undefined);
  });

  it('are offered (ProviderView.camera) for the local provider only', () => {
    const views = providerViews(allProviderInfos([]), [], () => true);
    assert.deepEqual(
      views.filter((v) => v.camera).map((v) => v.id),
      ['local'],
    );
  });
});
