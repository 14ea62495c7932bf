import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { startJob, type RunnerDeps } from '../../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../../src/core/jobs/store';
import { nodeOutputPort, type OutputPort } from '../../../../src/core/output';
import { provenanceCandidates, provenancePath } from '../../../../src/core/jobs/provenance';
import { resolveRequest } from '../../../../src/core/request';
import { ScriptedProvider, VirtualClock } from '../../../helpers/scriptedProvider';

/** The node port, plus the parent folder a VS Code `workspace.fs.writeFile` would create. */
const output: OutputPort = {
  claim: (temp, target) => nodeOutputPort.claim(temp, target),
  async writeNew(path, bytes) {
    await mkdir(dirname(path), { recursive: true });
    await nodeOutputPort.writeNew(path, bytes);
  },
};

async function run(
  provenance: 'beside' | 'folder' | 'off' | boolean | undefined,
): Promise<{ dir: string; store: MemoryJobStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'provenance-test-'));
  const image = join(dir, 'cat.png');
  await sharp({ create: { width: 128, height: 96, channels: 3, background: '#3366cc' } })
    .png()
    .toFile(image);
  const provider = new ScriptedProvider([{ state: 'succeeded' }]);
  const store = new MemoryJobStore();
  const deps: RunnerDeps = {
    provider,
    store,
    output,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    clock: new VirtualClock(),
  };
  const request = resolveRequest({ image, prompt: 'slow zoom in', provider: 'scripted' }, provider.info);
  await startJob(deps, request, provenance === undefined ? {} : { provenance });
  return { dir, store };
}

describe('where provenance goes', () => {
  it('maps each mode to a path', () => {
    assert.equal(provenancePath('/w/cat.mp4', 'beside'), '/w/cat.mp4.json');
    assert.equal(provenancePath('/w/cat.mp4', 'folder'), join('/w', '.animate-image', 'cat.mp4.json'));
    assert.equal(provenancePath('/w/cat.mp4', 'off'), undefined);
    assert.deepEqual(provenanceCandidates('/w/cat.mp4'), [
      '/w/cat.mp4.json',
      join('/w', '.animate-image', 'cat.mp4.json'),
    ]);
  });

  it('beside (the default, and `true`): cat.mp4.json next to the video', async () => {
    for (const mode of [undefined, true, 'beside'] as const) {
      const { dir } = await run(mode);
      assert.deepEqual((await readdir(dir)).sort(), ['cat.mp4', 'cat.mp4.json', 'cat.png'], String(mode));
    }
  });

  it('folder: one hidden .animate-image/ folder, nothing else beside the video', async () => {
    const { dir } = await run('folder');
    assert.deepEqual((await readdir(dir)).sort(), ['.animate-image', 'cat.mp4', 'cat.png']);
    const saved = JSON.parse(await readFile(join(dir, '.animate-image', 'cat.mp4.json'), 'utf8')) as { prompt: string };
    assert.equal(saved.prompt, 'slow zoom in');
  });

  it('off (and `false`): only the job record keeps what made the video', async () => {
    for (const mode of ['off', false] as const) {
      const { dir, store } = await run(mode);
      assert.deepEqual((await readdir(dir)).sort(), ['cat.mp4', 'cat.png'], String(mode));
      const [record] = await store.list();
      assert.equal(record?.request.prompt, 'slow zoom in');
    }
  });
});
