import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, it } from 'node:test';
import { estimateCost } from '../../../../src/core/pricing';
import { providerInfo } from '../../../../src/core/providers/registry';
import { CommandId } from '../../../../src/extension/commandIds';
import { describeCost } from '../../../../src/extension/cost/costText';
import { imageExtnamePattern } from '../../../../src/extension/animate/imageFiles';
import { checkRemix, isVideoPath, videoExtnamePattern } from '../../../../src/extension/remix/remixCheck';
import { sampleSidecar } from '../../../helpers/provenance';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
const explorer: Array<{ command: string; when?: string }> = manifest.contributes.menus['explorer/context'];

function whenRegex(when: string): RegExp {
  const match = /resourceExtname =~ \/(.+)\/([a-z]*)/.exec(when);
  assert.ok(match, `no resourceExtname regex in: ${when}`);
  return new RegExp(match[1] ?? '', (match[2] ?? '').replace(/[gy]/g, ''));
}

const sidecar = sampleSidecar;
const info = (id: string) =>
  ['local', 'openai-videos', 'azure-openai', 'runway'].includes(id) ? providerInfo(id) : undefined;

describe('remix entry point', () => {
  const item = explorer.find((m) => m.command === CommandId.Remix);

  it('is on MP4 files (any case) in the explorer, never on folders or images', () => {
    assert.ok(item?.when, 'explorer/context has the remix command');
    assert.match(item.when, /^!explorerResourceIsFolder && /);
    const regex = whenRegex(item.when);
    assert.equal(regex.source, videoExtnamePattern.source);
    const table: Array<[string, boolean]> = [
      ['cat.mp4', true],
      ['CAT.MP4', true],
      ['cat.Mp4', true],
      ['cat.mp4.json', false],
      ['cat.mov', false],
      ['cat.png', false],
      ['cat.mp45', false],
      ['.mp4', false],
    ];
    for (const [name, expected] of table) {
      assert.equal(regex.test(extname(name)), expected, name);
      assert.equal(isVideoPath(`/w/${name}`), expected, name);
      if (expected) assert.equal(imageExtnamePattern.test(extname(name)), false, `${name} is not offered for animate`);
    }
  });

  it('is a contributed command with a translated title', () => {
    const command = (manifest.contributes.commands as Array<{ command: string; title: string }>).find(
      (c) => c.command === CommandId.Remix,
    );
    assert.equal(command?.title, '%command.remix%');
    const nls = JSON.parse(readFileSync(join(__dirname, '../../../../package.nls.json'), 'utf8')) as Record<
      string,
      string
    >;
    assert.equal(nls['command.remix'], 'Remix video…');
  });
});

describe('remix check', () => {
  it('needs a sidecar from a provider whose model can remix', () => {
    assert.deepEqual(checkRemix(undefined, info), { ok: false, reason: 'no-sidecar' });
    const openai = checkRemix(sidecar, info);
    assert.ok(openai.ok && openai.info.id === 'openai-videos');
    const azure = checkRemix({ ...sidecar, provider: 'azure-openai', model: 'my-sora-deployment' }, info);
    assert.ok(azure.ok && azure.info.id === 'azure-openai', 'an Azure deployment name can remix');
    const local = checkRemix({ ...sidecar, provider: 'local', model: 'camera-move' }, info);
    assert.equal(local.ok, false);
    assert.equal(!local.ok && local.reason, 'cannot-remix');
    const runway = checkRemix({ ...sidecar, provider: 'runway', model: 'gen4_turbo' }, info);
    assert.equal(!runway.ok && runway.reason, 'cannot-remix');
    const unknown = checkRemix({ ...sidecar, provider: 'future-ai' }, info);
    assert.deepEqual(unknown, { ok: false, reason: 'unknown-provider', provider: 'future-ai' });
  });
});

describe('cost line of confirmations', () => {
  const words = { free: 'FREE', unknown: 'UNKNOWN' };
  it('shows duration × model ≈ total, and the count for several', () => {
    const sora = estimateCost({ provider: 'openai-videos', model: 'sora-2', size: '1280x720', seconds: 8 });
    assert.equal(describeCost(sora, 1, { seconds: 8, model: 'sora-2' }, words), '8 s × sora-2 ≈ $0.80');
    assert.equal(describeCost(sora, 10, { seconds: 8, model: 'sora-2' }, words), '10 × 8 s × sora-2 ≈ $8.00');
    const local = estimateCost({ provider: 'local', model: 'x', size: '854x480', seconds: 2 });
    assert.equal(describeCost(local, 3, { seconds: 2, model: 'x' }, words), 'FREE');
    assert.equal(describeCost(undefined, 1, { seconds: 8, model: 'gateway-model' }, words), 'UNKNOWN');
  });
});
