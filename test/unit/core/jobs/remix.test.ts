import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnimateError } from '../../../../src/core/errors';
import type { JobRecord } from '../../../../src/core/jobs/record';
import type { RunnerDeps } from '../../../../src/core/jobs/runner';
import {
  remixJob,
  remixOrigin,
  remixProblem,
  remixSourceFromRecord,
  remixSourceFromSidecar,
  remixTarget,
} from '../../../../src/core/jobs/remix';
import { MemoryJobStore } from '../../../../src/core/jobs/store';
import { type RemoteJob, type VideoProvider } from '../../../../src/core/providers/provider';
import { silentLogger } from '../../../../src/core/types';
import { providerInfo } from '../../../../src/core/providers/registry';
import { ScriptedProvider } from '../../../helpers/scriptedProvider';
import { sampleSidecar } from '../../../helpers/provenance';

const sidecar = sampleSidecar;

/** The sample video's sidecar, as made by the scripted provider. */
function scriptedSource(): ReturnType<typeof remixSourceFromSidecar> {
  return remixSourceFromSidecar('/w/cat.mp4', {
    ...sidecar,
    provider: 'scripted',
    model: 'm1',
    size: '64x48',
    seconds: 4,
  });
}

/** The runner's ports for a remix whose output is never written (the job ends before saving). */
function remixDeps(provider: VideoProvider, store: MemoryJobStore): RunnerDeps {
  return { provider, store, output: { claim: async () => true, writeNew: async () => undefined }, log: silentLogger };
}

describe('remix sources', () => {
  it('reads a sidecar: the image beside the video, the remote job, the original hash', () => {
    const source = remixSourceFromSidecar('/w/cat.mp4', sidecar);
    assert.equal(source.request.image, '/w/cat.png');
    assert.deepEqual(source.remote, {
      provider: 'openai-videos',
      id: 'video_1',
      model: 'sora-2',
      data: { size: '1280x720', seconds: '8' },
    });
    assert.deepEqual(source.request.size, { width: 1280, height: 720 });
    assert.equal(source.sourceSha256, sidecar.sourceSha256);
  });

  it('lands beside the video and counts on from the image name', () => {
    const target = (video: string, image = '/w/cat.png') =>
      remixTarget({ video, request: { ...remixSourceFromSidecar(video, sidecar).request, image } });
    assert.equal(target('/w/cat.mp4'), '/w/cat.mp4'); // taken → the runner claims cat-2.mp4
    assert.equal(target('/w/cat-2.mp4'), '/w/cat.mp4'); // → cat-3.mp4, not cat-2-2.mp4
    assert.equal(target('/w/holiday-2024.mp4'), '/w/holiday-2024.mp4');
    assert.equal(target('/w/cat-final.mp4'), '/w/cat-final.mp4');
  });

  it('only finished jobs are sources; a remix record knows its origin', () => {
    const record: JobRecord = {
      id: 'r1',
      remote: { provider: 'openai-videos', id: 'video_2', model: 'sora-2' },
      request: {
        image: '/w/cat.png',
        prompt: 'make it snow',
        provider: 'openai-videos',
        model: 'sora-2',
        size: { width: 1280, height: 720 },
        seconds: 8,
        fit: 'crop',
        output: '/w/cat.mp4',
      },
      state: 'succeeded',
      startedAt: 1,
      updatedAt: 2,
      output: '/w/cat-2.mp4',
      remixOf: { video: '/w/cat.mp4', remoteId: 'video_1', sourceSha256: 'b'.repeat(64) },
    };
    const fromRecord = remixSourceFromRecord(record);
    assert.equal(fromRecord.video, '/w/cat-2.mp4');
    assert.equal(fromRecord.remote.id, 'video_2');
    assert.equal(fromRecord.sourceSha256, 'b'.repeat(64));
    assert.equal(fromRecord.request.output, undefined);
    assert.throws(() => remixSourceFromRecord({ ...record, state: 'failed' }), AnimateError);
    const origin = remixOrigin(record);
    assert.equal(origin?.video, '/w/cat.mp4');
    assert.equal(origin?.remote.id, 'video_1');
    assert.equal(remixOrigin({ ...record, remixOf: undefined }), undefined);
  });

  it('says why a remix cannot start', () => {
    const source = remixSourceFromSidecar('/w/cat.mp4', sidecar);
    const openai = providerInfo('openai-videos');
    assert.equal(remixProblem(openai, source, 'make it snow'), undefined);
    assert.match(remixProblem(openai, source, '  ') ?? '', /needs a prompt/);
    assert.match(remixProblem(openai, source, 'x'.repeat(5000)) ?? '', /at most 4000/);
    assert.match(remixProblem(providerInfo('runway'), source, 'snow') ?? '', /made with openai-videos/);
    const local = remixSourceFromSidecar('/w/cat.mp4', { ...sidecar, provider: 'local', model: 'camera' });
    assert.match(remixProblem(providerInfo('local'), local, 'snow') ?? '', /cannot remix/);
    assert.ok(
      providerInfo('azure-openai').models.every((m) => m.remix),
      'azure-openai models can remix',
    );
  });

  it('submits through provider.remix once and persists the job as a remix', async () => {
    const provider = new ScriptedProvider([{ state: 'failed', reason: 'blocked' }]);
    const remixed: Array<[RemoteJob, string]> = [];
    const remixing = Object.assign(provider, {
      info: { ...provider.info, models: provider.info.models.map((m) => ({ ...m, remix: true })) },
      remix: async (job: RemoteJob, prompt: string) => {
        remixed.push([job, prompt]);
        return { provider: 'scripted', id: 'job-remix', model: job.model };
      },
    });
    const store = new MemoryJobStore();
    const source = scriptedSource();
    await assert.rejects(remixJob(remixDeps(remixing, store), source, ' snow '), /blocked/);
    assert.deepEqual(
      remixed.map(([job, prompt]) => [job.id, prompt]),
      [['video_1', 'snow']],
    );
    assert.deepEqual(provider.calls, ['poll'], 'followed, never submitted as a new image job');
    const [record] = await store.list();
    assert.equal(record?.remote.id, 'job-remix');
    assert.equal(record?.state, 'failed');
    assert.deepEqual(record?.remixOf, { video: '/w/cat.mp4', remoteId: 'video_1', sourceSha256: sidecar.sourceSha256 });
    assert.equal(record?.request.output, '/w/cat.mp4');
  });

  it('follows a remix it cannot record to the end, names its remote id, and never remixes again', async () => {
    const provider = new ScriptedProvider([{ state: 'running' }, { state: 'failed', reason: 'blocked' }]);
    let remixes = 0;
    const remixing = Object.assign(provider, {
      info: { ...provider.info, models: provider.info.models.map((m) => ({ ...m, remix: true })) },
      remix: async (job: RemoteJob) => {
        remixes++;
        return { provider: 'scripted', id: 'job-remix', model: job.model };
      },
    });
    const store = new MemoryJobStore();
    store.put = () => Promise.reject(new Error('disk full'));
    const source = scriptedSource();
    const notes: string[] = [];
    await assert.rejects(
      remixJob(remixDeps(remixing, store), source, 'snow', {
        onEvent: (e) => e.type === 'note' && notes.push(e.message),
      }),
      (error: unknown) => {
        assert.ok(error instanceof AnimateError);
        assert.match(error.message, /blocked.*not on record: its id at scripted is job-remix/);
        return true;
      },
    );
    assert.equal(remixes, 1);
    assert.deepEqual(provider.calls, ['poll', 'poll'], 'followed to its end from memory');
    assert.match(notes.join('\n'), /submitted to scripted as job-remix, but its record could not be saved/);
  });
});
