import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chooseMotion } from '../../../../src/shared/motion';
import { insertGlue } from '../../../../src/shared/insertText';
import { promptSnippets } from '../../../../src/extension/form/snippets';
import { parseHostMessage, webviewStringKeys, type InitMessage } from '../../../../src/shared/protocol';

const zhBundle = JSON.parse(readFileSync(join(__dirname, '../../../../l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<
  string,
  string
>;
const english = promptSnippets((text) => text);
const chinese = promptSnippets((text) => {
  const translated = zhBundle[text];
  assert.ok(translated, `no zh-cn translation for "${text}"`);
  return translated;
});
const texts = (groupIndex: number, list = english) => list[groupIndex]?.items.map((i) => i.text) ?? [];

describe('prompt help snippets', () => {
  it('has camera moves, speed words, natural motion and the five-part template', () => {
    assert.deepEqual(
      english.map((g) => g.label),
      ['Camera moves', 'Speed', 'Natural motion', 'Template'],
    );
    const camera = texts(0).join(' | ');
    for (const word of ['zoom', 'dolly', 'pan', 'tilt', 'orbit']) assert.match(camera, new RegExp(`\\b${word}`), word);
    for (const word of ['slowly', 'gently', 'rapidly']) assert.ok(texts(1).includes(word), word);
    const nature = texts(2).join(' | ');
    for (const word of ['wind', 'water ripples', 'clouds']) assert.match(nature, new RegExp(word), word);
    const template = texts(3)[0]?.split('\n') ?? [];
    assert.deepEqual(
      template.map((line) => line.split(':')[0]),
      ['Shot', 'Action', 'Timing', 'Light', 'Sound'],
    );
  });

  it('is fully translated to Chinese, same shape, template included', () => {
    assert.deepEqual(
      chinese.map((g) => g.items.length),
      english.map((g) => g.items.length),
    );
    for (const group of chinese) {
      assert.match(group.label, /[\u4e00-\u9fff]/, group.label);
      for (const item of group.items) assert.match(item.text, /[\u4e00-\u9fff]/, item.text);
    }
    assert.equal(texts(3, chinese)[0]?.split('\n').length, 5);
  });

  it('words camera moves so the local renderer follows them, in both languages', () => {
    const expected = ['zoom-in', 'zoom-out', 'push-in', 'zoom-out', 'pan-left', 'pan-right', 'pan-up', 'pan-down'];
    assert.deepEqual(texts(0).slice(0, 8).map(chooseMotion), expected);
    assert.deepEqual(texts(0, chinese).slice(0, 8).map(chooseMotion), expected);
  });

  it('travels in the init message (and an init without it still parses)', () => {
    const init: InitMessage = {
      type: 'init',
      images: [{ name: 'cat.png' }],
      providers: [
        {
          id: 'local',
          label: 'Local',
          needsKey: false,
          hasKey: true,
          models: [{ id: 'camera', label: 'Camera', sizes: ['1280x720'], seconds: [4], maxPromptLength: 500 }],
        },
      ],
      presets: [],
      values: { prompt: '', provider: 'local', model: 'camera', size: '1280x720', seconds: 4, fit: 'crop' },
      prices: [],
      priceDate: '2026-11',
      chips: [],
      snippets: chinese,
      strings: Object.fromEntries(webviewStringKeys.map((key) => [key, key])) as InitMessage['strings'],
    };
    assert.deepEqual(parseHostMessage(init), init);
    const { snippets: _snippets, ...older } = init;
    assert.ok(parseHostMessage(older));
    assert.equal(parseHostMessage({ ...init, snippets: [{ label: 'Empty', items: [] }] }), undefined);
    assert.ok(webviewStringKeys.includes('snippets'));
  });
});

describe('inserting a phrase into the prompt', () => {
  it('joins phrases with a comma, a space after punctuation, nothing at the start', () => {
    assert.equal(insertGlue('', 'slow zoom in'), '');
    assert.equal(insertGlue('   ', 'slow zoom in'), '');
    assert.equal(insertGlue('a cat', 'slowly'), ', ');
    assert.equal(insertGlue('a cat,', 'slowly'), ' ');
    assert.equal(insertGlue('a cat. ', 'slowly'), '');
  });

  it('uses a Chinese comma after Chinese text', () => {
    assert.equal(insertGlue('一只猫', '缓慢推近'), '，');
    assert.equal(insertGlue('一只猫，', '缓慢推近'), '');
  });

  it('puts the template on a line of its own', () => {
    assert.equal(insertGlue('a cat', 'Shot: x\nAction: y'), '\n');
    assert.equal(insertGlue('a cat\n', 'Shot: x\nAction: y'), '');
  });
});
