import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandId } from '../../../src/extension/commandIds';

const root = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const resolve = (text: string) => text.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? `(missing ${key})`);

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
const walkthrough = (manifest.contributes.walkthroughs as Array<{ id: string; steps: Step[] }> | undefined)?.[0];

/** vsce's rules, applied the way `.vscodeignore` reads them here: everything out, then `!` patterns back in. */
function shipped(path: string): boolean {
  const lines = readFileSync(join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'));
  return lines.some((line) => {
    const glob = line.slice(1).replace(/\/\*\*$/, '/');
    return glob.endsWith('/') ? path.startsWith(glob) : path === glob;
  });
}

describe('walkthrough', () => {
  it('has the three steps: provider (settings), key (Set API key…), sample (local)', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['pickProvider', 'setKey', 'animateSample'],
    );
    const [provider, key, sample] = walkthrough.steps.map((s) => resolve(s.description));
    assert.match(
      provider ?? '',
      /\(command:workbench\.action\.openSettings\?%5B%22animateImage\.defaultProvider%22%5D\)/,
    );
    assert.match(key ?? '', new RegExp(`\\(command:${CommandId.SetApiKey.replace('.', '\\.')}\\)`));
    assert.match(sample ?? '', new RegExp(`\\(command:${CommandId.AnimateSample.replace('.', '\\.')}\\)`));
    assert.deepEqual(walkthrough.steps[2]?.completionEvents, [`onCommand:${CommandId.AnimateSample}`]);
  });

  it('ships its markdown and the sample image in the VSIX', () => {
    for (const step of walkthrough?.steps ?? []) {
      const media = step.media.markdown ?? step.media.image ?? '';
      assert.ok(existsSync(join(root, media)), media);
      assert.ok(shipped(media), `${media} is left out by .vscodeignore`);
    }
    assert.ok(shipped('media/sample.jpg'), 'media/sample.jpg is left out by .vscodeignore');
    const jpeg = readFileSync(join(root, 'media/sample.jpg'));
    assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.match(readFileSync(join(root, 'media/walkthrough/sample.md'), 'utf8'), /\.\.\/sample\.jpg/);
  });

  it('translates every walkthrough text', () => {
    const zh = JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    for (const step of walkthrough?.steps ?? []) {
      for (const text of [step.title, step.description]) {
        const key = /^%(.+)%$/.exec(text)?.[1];
        assert.ok(key && nls[key] && zh[key], text);
      }
    }
  });
});
