import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allProviderInfos, providerInfo } from '../../../../src/core/providers/registry';
import { CommandId } from '../../../../src/extension/commandIds';
import {
  betweenArgs,
  chooseLastFrameModel,
  chooseLastFrameProvider,
  lastFrameProviders,
  readyLastFrameProviders,
  type PathLike,
} from '../../../../src/extension/animate/betweenChoices';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));

class FakeUri implements PathLike {
  constructor(readonly path: string) {}
}
const isFake = (value: unknown): value is FakeUri => value instanceof FakeUri;
const a = new FakeUri('/pics/a.png');
const b = new FakeUri('/pics/b.JPG');

describe('animate between images: providers', () => {
  // Azure Sora is retired: offered only with a deployment the user names (a custom model).
  const deployment = {
    provider: 'azure-sora-jobs' as const,
    id: 'my-sora',
    sizes: ['1920x1080'],
    seconds: [5],
    lastFrame: true,
  };
  const candidates = lastFrameProviders(allProviderInfos([deployment]));

  it('offers only the providers the user has set up, and one the user named even when it is not set up', () => {
    const ids = candidates.map((c) => c.info.id);
    assert.ok(ids.length >= 1, 'some provider takes a last frame');
    const first = ids[0] ?? '';
    assert.deepEqual(
      readyLastFrameProviders(candidates, () => false),
      [],
    );
    assert.deepEqual(
      readyLastFrameProviders(candidates, (info) => info.id === first).map((c) => c.info.id),
      [first],
    );
    assert.deepEqual(
      readyLastFrameProviders(candidates, () => false, first).map((c) => c.info.id),
      [first],
    );
  });

  it('offers only providers and models that take a last frame', () => {
    assert.deepEqual(
      candidates.map((c) => [c.info.id, c.models.map((m) => m.id)]),
      [
        [
          'azure-sora-jobs',
          providerInfo('azure-sora-jobs', [deployment])
            .models.filter((m) => m.lastFrame)
            .map((m) => m.id),
        ],
        ['dashscope', ['wan2.7-i2v', 'wanx2.1-kf2v-plus']],
        ['runway', ['veo3.1', 'veo3.1_fast']],
        ['comfyui', ['wan2.2-i2v-14b', 'workflow']],
        ['kling', ['kling-v2-6', 'kling-v2-5-turbo', 'kling-v2-1', 'kling-v1-6']],
        ['minimax', ['MiniMax-Hailuo-02', 'MiniMax-H3']],
        [
          'ark',
          [
            'dreamina-seedance-2-0-260128',
            'dreamina-seedance-2-0-fast-260128',
            'seedance-1-5-pro-251215',
            'seedance-1-0-pro-250528',
            'doubao-seedance-2-0-260128',
            'doubao-seedance-2-0-fast-260128',
            'doubao-seedance-1-5-pro-251215',
            'doubao-seedance-1-0-pro-250528',
          ],
        ],
        [
          'fal',
          ['fal-ai/minimax/hailuo-02/standard/image-to-video', 'fal-ai/bytedance/seedance/v1.5/pro/image-to-video'],
        ],
        ['openrouter', ['google/veo-3.1']],
      ],
    );
    for (const c of candidates) for (const m of c.models) assert.equal(m.lastFrame, true);
  });

  it('keeps a provider that can, else switches to the first that can and says so', () => {
    assert.deepEqual(chooseLastFrameProvider(candidates, 'runway')?.provider.info.id, 'runway');
    assert.equal(chooseLastFrameProvider(candidates, 'runway')?.switched, false);
    const fromLocal = chooseLastFrameProvider(candidates, 'local');
    assert.equal(fromLocal?.provider.info.id, 'azure-sora-jobs');
    assert.equal(fromLocal?.switched, true);
    assert.equal(chooseLastFrameProvider(candidates, undefined)?.switched, false);
    assert.equal(chooseLastFrameProvider([], 'runway'), undefined);
  });

  it('picks a model that takes a last frame', () => {
    const runway = candidates.find((c) => c.info.id === 'runway');
    assert.ok(runway);
    assert.equal(chooseLastFrameModel(runway, undefined), 'veo3.1');
    assert.equal(chooseLastFrameModel(runway, 'gen4_turbo'), 'veo3.1');
    assert.equal(chooseLastFrameModel(runway, 'veo3.1_fast'), 'veo3.1_fast');
    const azure = candidates.find((c) => c.info.id === 'azure-sora-jobs');
    assert.ok(azure);
    assert.equal(
      chooseLastFrameModel(azure, 'my-sora-deployment'),
      'my-sora-deployment',
      'an Azure deployment name is kept',
    );
  });
});

describe('animate between images: arguments', () => {
  it('takes exactly two images, in selection order', () => {
    assert.deepEqual(betweenArgs(a, [a, b], isFake), { ok: true, first: a, last: b });
    assert.deepEqual(betweenArgs(b, [b, a], isFake), { ok: true, first: b, last: a });
  });

  it('refuses anything but two different images', () => {
    assert.deepEqual(betweenArgs(a, [a], isFake), { ok: false, reason: 'count' });
    assert.deepEqual(betweenArgs(a, undefined, isFake), { ok: false, reason: 'count' });
    assert.deepEqual(betweenArgs(undefined, undefined, isFake), { ok: false, reason: 'count' });
    assert.deepEqual(betweenArgs(a, [a, b, new FakeUri('/pics/c.webp')], isFake), { ok: false, reason: 'count' });
    assert.deepEqual(betweenArgs(a, [a, new FakeUri('/pics/notes.txt')], isFake), { ok: false, reason: 'not-image' });
    assert.deepEqual(betweenArgs(a, [a, new FakeUri('/pics/a.png')], isFake), { ok: false, reason: 'same' });
    assert.deepEqual(betweenArgs(a, ['/pics/a.png', '/pics/b.png'], isFake), { ok: false, reason: 'count' });
  });

  it('is in the explorer menu only for a multi-selection of image files, and only when a set-up provider can do it', () => {
    const item = manifest.contributes.menus['explorer/context'].find(
      (m: { command: string }) => m.command === CommandId.AnimateBetween,
    );
    assert.ok(item);
    assert.match(
      item.when,
      /^animateImage\.canAnimateBetween && listMultiSelection && explorerResourceIsFolder == false && resourceExtname =~ /,
    );
    assert.ok(
      manifest.contributes.menus.commandPalette.some(
        (m: { command: string; when: string }) => m.command === CommandId.AnimateBetween && m.when === 'false',
      ),
    );
  });
});
