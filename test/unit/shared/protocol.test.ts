import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPrices } from '../../../src/core/pricing';
import { extraNames } from '../../../src/core/providers/catalog';
import { fitModes, MAX_NEGATIVE_PROMPT_LENGTH, MAX_SEED } from '../../../src/core/request';
import { ALSO_FORMATS } from '../../../src/core/video/alsoSave';
import { DEFAULT_FPS, FPS_CHOICES } from '../../../src/core/video/clipPlan';
import { MOTIONS } from '../../../src/shared/motion';
import {
  alsoFormatValues,
  defaultFpsValue,
  extraNameValues,
  fpsValues,
  fitModeValues,
  maxNegativePromptLength,
  maxSeedValue,
  formatText,
  parseHostMessage,
  parseWebviewMessage,
  webviewStringKeys,
  type InitMessage,
} from '../../../src/shared/protocol';

const values = {
  prompt: 'slow zoom in',
  provider: 'local',
  model: 'camera',
  size: '1280x720',
  seconds: 4,
  fit: 'crop' as const,
};
const strings = Object.fromEntries(webviewStringKeys.map((key) => [key, key]));
const init: InitMessage = {
  type: 'init',
  images: [{ name: 'cat.png', width: 640, height: 480, thumbnail: 'data:image/png;base64,iVBORw0KGgo=' }],
  providers: [
    {
      id: 'local',
      label: 'Local',
      needsKey: false,
      hasKey: true,
      models: [{ id: 'camera', label: 'Camera move', sizes: ['1280x720'], seconds: [4], maxPromptLength: 500 }],
    },
  ],
  presets: [{ name: 'Calm', prompt: 'gentle wind' }],
  values,
  prices: [{ provider: 'local', model: '*', usdPerSecond: 0 }],
  priceDate: '2026-11',
  chips: ['slow zoom in'],
  strings: strings as InitMessage['strings'],
};

describe('protocol: webview → host', () => {
  it('accepts every message type', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'cancel' }), { type: 'cancel' });
    assert.deepEqual(parseWebviewMessage({ type: 'setKey', provider: 'openai-videos' }), {
      type: 'setKey',
      provider: 'openai-videos',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'animate', values }), { type: 'animate', values });
    assert.ok(parseWebviewMessage({ type: 'animate', values: { ...values, preset: 'Calm' } }));
  });

  it('rejects unknown types, missing fields and junk', () => {
    for (const bad of [
      { type: 'deleteEverything' },
      { type: 'init' },
      { type: 'animate' },
      { type: 'animate', values: { ...values, seconds: '4' } },
      { type: 'animate', values: { ...values, size: '1280*720' } },
      { type: 'animate', values: { ...values, fit: 'stretch' } },
      { type: 'animate', values: { ...values, provider: '' } },
      { type: 'setKey' },
      { notype: true },
      'ready',
      null,
      undefined,
      42,
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('carries the extras the chosen model takes, checked as the core checks them', () => {
    const extras = { negativePrompt: 'blur, text', seed: 2_147_483_647, audio: false, enhancePrompt: true };
    assert.deepEqual(parseWebviewMessage({ type: 'animate', values: { ...values, ...extras } }), {
      type: 'animate',
      values: { ...values, ...extras },
    });
    for (const bad of [
      { seed: -1 },
      { seed: 1.5 },
      { seed: 2_147_483_648 },
      { audio: 'on' },
      { enhancePrompt: 1 },
      { negativePrompt: 'x'.repeat(501) },
      { cfgScale: 0.5 },
    ]) {
      assert.equal(
        parseWebviewMessage({ type: 'animate', values: { ...values, ...bad } }),
        undefined,
        JSON.stringify(bad),
      );
    }
  });

  it('never lets the webview name a file to write', () => {
    assert.equal(
      parseWebviewMessage({ type: 'animate', values: { ...values, output: '/home/me/.bashrc' } }),
      undefined,
    );
    assert.equal(parseWebviewMessage({ type: 'animate', values, target: '/tmp/x.mp4' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'ready', path: '/tmp' }), undefined);
  });
});

describe('protocol: camera options, also-save and the subject', () => {
  it('carries the camera options and the also-save formats in the values', () => {
    const camera = { motion: 'orbit', fps: 60, loop: true, also: ['gif', 'webp'] };
    assert.deepEqual(parseWebviewMessage({ type: 'animate', values: { ...values, ...camera } }), {
      type: 'animate',
      values: { ...values, ...camera },
    });
    for (const bad of [
      { motion: 'spin' },
      { motion: '' },
      { fps: 25 },
      { fps: '30' },
      { loop: 'yes' },
      { also: ['mov'] },
      { also: 'gif' },
      { also: ['gif', 'webp', 'gif'] },
    ]) {
      assert.equal(
        parseWebviewMessage({ type: 'animate', values: { ...values, ...bad } }),
        undefined,
        JSON.stringify(bad),
      );
    }
  });

  it('takes the host’s subject estimate, fractions of the picture only', () => {
    const focus = { x: 0.2, y: 0.4, left: 0.1, top: 0.25, right: 0.32, bottom: 0.6 };
    assert.deepEqual(parseHostMessage({ type: 'focus', image: 0, focus }), { type: 'focus', image: 0, focus });
    for (const bad of [
      { type: 'focus', image: 0, focus: { ...focus, right: 1.5 } },
      { type: 'focus', image: 0, focus: { ...focus, x: -0.1 } },
      { type: 'focus', image: -1, focus },
      { type: 'focus', image: 0, focus: { x: 0.5, y: 0.5 } },
      { type: 'focus', image: 0 },
    ]) {
      assert.equal(parseHostMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('takes the move names for every move, and the camera flag of a provider', () => {
    const moveLabels = Object.fromEntries(MOTIONS.map((m) => [m, `move ${m}`]));
    const camera = { ...init, moveLabels, providers: init.providers.map((p) => ({ ...p, camera: true })) };
    assert.deepEqual(parseHostMessage(camera), camera);
    const { orbit: _orbit, ...missing } = moveLabels;
    assert.equal(parseHostMessage({ ...init, moveLabels: missing }), undefined);
  });

  it('keeps the frame rates and the also-save formats equal to the core', () => {
    assert.deepEqual([...fpsValues], [...FPS_CHOICES]);
    assert.equal(defaultFpsValue, DEFAULT_FPS);
    assert.deepEqual([...alsoFormatValues], [...ALSO_FORMATS]);
  });
});

describe('protocol: host → webview', () => {
  it('accepts a full init and the small messages', () => {
    assert.deepEqual(parseHostMessage(init), init);
    assert.ok(parseHostMessage({ type: 'error', message: 'no key' }));
    assert.ok(parseHostMessage({ type: 'busy', busy: true }));
    assert.ok(parseHostMessage({ type: 'keyStatus', provider: 'openai-videos', hasKey: false }));
  });

  it('rejects an init with missing strings, no images or a non-data thumbnail', () => {
    const { heading: _heading, ...fewer } = init.strings;
    assert.equal(parseHostMessage({ ...init, strings: fewer }), undefined);
    assert.equal(parseHostMessage({ ...init, images: [] }), undefined);
    for (const thumbnail of [
      'https://evil.example/cat.png',
      'file:///etc/passwd',
      'data:text/html;base64,PHNjcmlwdD4=',
      'data:image/png;base64,<script>',
    ]) {
      assert.equal(parseHostMessage({ ...init, images: [{ name: 'cat.png', thumbnail }] }), undefined, thumbnail);
    }
  });

  it('rejects unknown message types', () => {
    assert.equal(parseHostMessage({ type: 'eval', code: 'alert(1)' }), undefined);
  });

  it('describes each model’s extras, lifecycle and origin, and the presets’ problems', () => {
    const model = {
      id: 'veo3.1',
      label: 'Veo 3.1',
      sizes: ['1280x720'],
      seconds: [8],
      maxPromptLength: 1000,
      extras: ['seed', 'audio'],
      lifecycleNote: 'Deprecated',
      custom: true,
    };
    const provider = { ...init.providers[0], id: 'runway', models: [model] };
    const message = { ...init, providers: [provider], presetProblems: { Old: 'retired; successor gen4_turbo' } };
    assert.deepEqual(parseHostMessage(message), message);
    assert.equal(
      parseHostMessage({ ...init, providers: [{ ...provider, models: [{ ...model, extras: ['cfgScale'] }] }] }),
      undefined,
    );
  });
});

describe('protocol helpers', () => {
  it('keeps the fit modes equal to the core', () => {
    assert.deepEqual([...fitModeValues], [...fitModes]);
  });

  it('keeps the extras and their limits equal to the core', () => {
    assert.deepEqual([...extraNameValues], [...extraNames]);
    assert.equal(maxSeedValue, MAX_SEED);
    assert.equal(maxNegativePromptLength, MAX_NEGATIVE_PROMPT_LENGTH);
  });

  it('carries the core price table as it is (sizes and audio included)', () => {
    const prices = defaultPrices.map(({ sizes, ...rule }) => ({ ...rule, ...(sizes ? { sizes: [...sizes] } : {}) }));
    assert.ok(
      prices.some((p) => p.audio === false),
      'the catalog has audio-dependent prices',
    );
    assert.deepEqual((parseHostMessage({ ...init, prices }) as InitMessage | undefined)?.prices, prices);
    assert.equal(parseHostMessage({ ...init, prices: [{ provider: 'p', model: 'm', usdPerSecond: -1 }] }), undefined);
  });

  it('formats {n} placeholders like vscode.l10n.t', () => {
    assert.equal(formatText('Animate {0} images ({1})', 3, 'local'), 'Animate 3 images (local)');
    assert.equal(formatText('cost ${0}', '1.20'), 'cost $1.20');
    assert.equal(formatText('missing {2}', 'a'), 'missing {2}');
  });
});
