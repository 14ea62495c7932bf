// A preset's camera options reach the local render: from the `animateImage.presets` setting, through the values a run
// without the form starts from (settings < preset < command arguments), to the local provider's options for the job,
// and into the MP4 it films. Another provider never gets them (as in the form).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createLocalProvider } from '../../../../src/core/providers/local';
import { providerIds, providerInfo } from '../../../../src/core/providers/registry';
import { parseSize, silentLogger } from '../../../../src/core/types';
import { prepareRequest } from '../../../../src/core/request';
import { cameraOptions, ignoredCameraOptions, runValues } from '../../../../src/extension/form/formModel';
import { parseSettings } from '../../../../src/extension/settings/settingsSchema';
import { findPreset } from '../../../../src/shared/valueLayers';
import { inspectMp4 } from '../../../helpers/mp4';

let dir: string;
let image: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'animate-image-preset-camera-'));
  image = join(dir, 'cat.png');
  await writeFile(
    image,
    await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .png()
      .toBuffer(),
  );
});

after(() => rm(dir, { recursive: true, force: true }));

const presets = [
  {
    name: 'Orbit loop',
    provider: 'local',
    prompt: 'slow zoom in',
    size: '854x480',
    seconds: 2,
    motion: 'orbit',
    fps: 60,
    loop: true,
    also: ['gif'],
  },
  { name: 'Runway orbit', provider: 'runway', prompt: 'the cat turns', motion: 'orbit', fps: 60, loop: true },
];
const { settings, problems } = parseSettings((key) => (key === 'presets' ? presets : undefined), [...providerIds]);

describe('a preset with camera options', () => {
  it('films its move, frame rate and loop with the local provider, not the prompt’s move', async () => {
    assert.deepEqual(problems, []);
    const values = runValues(settings, findPreset(settings.presets, 'Orbit loop'), {});
    assert.deepEqual(values.also, ['gif']);
    const camera = cameraOptions(values);
    assert.deepEqual(camera, { motion: 'orbit', fps: 60, loop: true });
    assert.deepEqual(ignoredCameraOptions(values), []);

    const provider = createLocalProvider({ log: silentLogger, options: { encoder: 'wasm', ...camera } });
    const request = await prepareRequest(providerInfo('local'), {
      image,
      prompt: values.prompt ?? '',
      provider: 'local',
      model: 'camera-move',
      // Small, to keep the render quick: the frame rate and length are what this checks.
      size: parseSize('160x96'),
      seconds: values.seconds ?? 0,
      fit: 'crop',
    });
    const controller = new AbortController();
    const job = await provider.submit(request, controller.signal);
    // What the job records (and the jobs view's "Save as GIF…" films again).
    assert.deepEqual(job.data, { motion: 'orbit', fps: '60', loop: 'true' });
    for (;;) {
      const status = await provider.poll(job, controller.signal);
      if (status.state === 'succeeded') break;
      assert.ok(status.state === 'queued' || status.state === 'running', JSON.stringify(status));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const video = join(dir, 'cat.mp4');
    await pipeline(await provider.download(job, controller.signal), createWriteStream(video));
    const track = inspectMp4(new Uint8Array(await readFile(video))).tracks.find((t) => t.handler === 'vide');
    assert.ok(track);
    // 120 frames in two seconds: 60 fps, where the default would be 24.
    assert.equal(track.sampleCount, 120);
    assert.equal(track.duration / track.timescale, 2);
  });

  it('lets a command argument override the preset’s frame rate', () => {
    const values = runValues(settings, findPreset(settings.presets, 'Orbit loop'), { fps: 30 });
    assert.deepEqual(cameraOptions(values), { motion: 'orbit', fps: 30, loop: true });
  });

  it('gives them to no other provider: they are dropped (and logged), as the form drops them', () => {
    const values = runValues(settings, findPreset(settings.presets, 'Runway orbit'), {});
    assert.equal(values.provider, 'runway');
    assert.equal(cameraOptions(values), undefined);
    assert.deepEqual(ignoredCameraOptions(values), ['motion', 'fps', 'loop']);
  });
});
