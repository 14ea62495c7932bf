import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerIds } from '../../../../src/core/providers/registry';
import { decideKeyUse, decideKeyUseForJob, hostOf } from '../../../../src/extension/keys/keyBinding';
import { connectionForJob } from '../../../../src/extension/providers/providerConnection';
import { defaultSettings } from '../../../../src/extension/settings/settingsSchema';

const settings = defaultSettings(providerIds);

describe('resume: the server the job was sent to', () => {
  it('follows the endpoint kept in the job record when the settings now name another server, and says so', () => {
    const now = { ...settings, openaiVideosBaseUrl: 'https://b.example.com/v1' };
    const job = connectionForJob(now, 'openai-videos', 'https://a.example.com/v1', undefined);
    assert.deepEqual(job.result, { ok: true, connection: { baseUrl: 'https://a.example.com/v1' } });
    assert.equal(job.settingsNow, 'https://b.example.com/v1');
  });

  it('follows the stored endpoint even when the settings no longer name any server', () => {
    const job = connectionForJob(settings, 'openai-videos', 'https://a.example.com/v1', undefined);
    assert.deepEqual(job.result, { ok: true, connection: { baseUrl: 'https://a.example.com/v1' } });
    assert.equal(job.settingsNow, '');
  });

  it('says nothing when the settings still name the same server, and follows a provider default kept in the record', () => {
    const same = connectionForJob(
      { ...settings, openaiVideosBaseUrl: 'https://a.example.com/v1' },
      'openai-videos',
      'https://a.example.com/v1',
      undefined,
    );
    assert.equal(same.settingsNow, undefined);
    const fal = connectionForJob(settings, 'fal', 'https://queue.fal.run', 'https://queue.fal.run');
    assert.deepEqual(fal, { result: { ok: true, connection: { baseUrl: 'https://queue.fal.run' } } });
  });

  it('reads animateImage.baseUrls as the settings now: the same address says nothing, another one is named', () => {
    const withFal = { ...settings, baseUrls: { fal: 'http://127.0.0.1:9/fal' } };
    assert.equal(
      connectionForJob(withFal, 'fal', 'http://127.0.0.1:9/fal', 'https://queue.fal.run').settingsNow,
      undefined,
    );
    const moved = connectionForJob(withFal, 'fal', 'https://queue.fal.run', 'https://queue.fal.run');
    assert.deepEqual(moved.result, { ok: true, connection: { baseUrl: 'https://queue.fal.run' } });
    assert.equal(moved.settingsNow, 'http://127.0.0.1:9/fal');
  });

  it('keeps the options from the settings, and a record without an endpoint (older versions) uses the settings', () => {
    const local = connectionForJob({ ...settings, localEncoder: 'wasm' }, 'local', undefined, undefined);
    assert.deepEqual(local.result, { ok: true, connection: { options: { encoder: 'wasm' } } });
    const old = connectionForJob(settings, 'openai-videos', undefined, undefined);
    assert.equal(old.result.ok, false, 'no stored endpoint and none in the settings: nothing is sent anywhere');
  });
});

describe('resume: the key never goes to another host', () => {
  it('refuses, without asking, a key saved for host B when the job went to host A', () => {
    const a = hostOf('https://a.example.com/v1');
    const keyForB = { key: 'sk-b', host: 'b.example.com' };
    assert.equal(decideKeyUseForJob(keyForB, a, undefined), 'refuse');
    // A new job would ask (and a yes moves the key); following a job never offers that.
    assert.equal(decideKeyUse(keyForB, a, undefined), 'ask');
    assert.equal(decideKeyUseForJob({ key: 'sk-a', host: 'a.example.com' }, a, undefined), 'use');
    assert.equal(decideKeyUseForJob({ key: 'sk-a', host: 'A.example.com' }, a, undefined), 'use');
  });

  it('binds an older plain key only where it was always used, and refuses it elsewhere', () => {
    assert.equal(decideKeyUseForJob({ key: 'old' }, 'queue.fal.run', 'queue.fal.run'), 'bind');
    assert.equal(decideKeyUseForJob({ key: 'old' }, 'evil.example.com', 'queue.fal.run'), 'refuse');
  });

  it('refuses a host-bound key when the job host cannot be read', () => {
    assert.equal(decideKeyUseForJob({ key: 'sk-a', host: 'a.example.com' }, undefined, undefined), 'refuse');
  });
});
