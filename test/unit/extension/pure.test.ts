import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnimateOptions } from '../../../src/extension/animateOptions';
import { escapeHtml, formCsp } from '../../../src/extension/form/csp';
import { createLimiter } from '../../../src/core/jobs/limiter';
import { isFree, priceTable } from '../../../src/extension/pricing';
import { connectionFor, endpointOf } from '../../../src/extension/providerConnection';
import { redact } from '../../../src/extension/redact';
import { defaultSettings } from '../../../src/extension/settingsSchema';

describe('animate command options', () => {
  it('accepts the documented test options', () => {
    const parsed = parseAnimateOptions({ prompt: 'slow zoom in', provider: 'local', seconds: 2, size: '854x480', skipForm: true });
    assert.deepEqual(parsed, { ok: true, options: { prompt: 'slow zoom in', provider: 'local', seconds: 2, size: '854x480', skipForm: true } });
    assert.deepEqual(parseAnimateOptions(undefined), { ok: true, options: {} });
  });

  it('rejects unknown fields (there is no output path) and bad values, naming the field', () => {
    const output = parseAnimateOptions({ output: '/tmp/x.mp4' });
    assert.equal(output.ok, false);
    const seconds = parseAnimateOptions({ seconds: 'two' });
    assert.ok(!seconds.ok && seconds.message.startsWith('seconds'));
    assert.equal(parseAnimateOptions({ size: '854 by 480' }).ok, false);
    assert.equal(parseAnimateOptions('skipForm').ok, false);
  });
});

describe('form CSP', () => {
  it('allows only the webview source, data: images and one nonce', () => {
    const csp = formCsp('vscode-webview://abc', 'N0nce');
    assert.equal(csp, "default-src 'none'; img-src vscode-webview://abc data:; style-src vscode-webview://abc; script-src 'nonce-N0nce'");
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('escapes HTML', () => {
    assert.equal(escapeHtml(`<b a="1">'&'</b>`), '&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
  });
});

describe('limiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const task = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 + (i % 3) * 3));
      running--;
      done.push(i);
      return i;
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => limit(task(i))));
    assert.deepEqual(results, [...Array(10).keys()]);
    assert.equal(peak, 3);
    assert.equal(done.length, 10);
  });

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1);
    await assert.rejects(limit(async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limit(async () => 'next'), 'next');
  });

  it('keeps the limit when a new task arrives while a slot is handed over', async () => {
    const limit = createLimiter(1);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running--;
    };
    const first = limit(task);
    const second = limit(task);
    await first;
    const third = limit(task); // arrives right when the slot passes from first to second
    await Promise.all([second, third]);
    assert.equal(peak, 1);
  });

  it('refuses a bad limit', () => {
    assert.throws(() => createLimiter(0), RangeError);
  });
});

describe('pricing hook', () => {
  it('treats only a zero price as free (an unknown price is not free)', () => {
    const job = { size: '1280x720', seconds: 4 };
    assert.equal(isFree({ ...job, provider: 'local', model: 'anything' }), true);
    assert.equal(isFree({ ...job, provider: 'openai-videos', model: 'sora-2' }), false);
    assert.equal(isFree({ ...job, provider: 'dashscope', model: 'wan2.6-i2v' }), false);
  });

  it('sends the whole core table to the form', () => {
    assert.ok(priceTable().length > 1);
    assert.ok(priceTable().every((p) => p.usdPerSecond >= 0));
  });
});

describe('provider connection from settings', () => {
  const settings = defaultSettings(['local', 'openai-videos', 'azure-openai']);

  it('passes the encoder to local and the base URL to OpenAI when set', () => {
    assert.deepEqual(connectionFor({ ...settings, localEncoder: 'wasm' }, 'local'), { ok: true, connection: { options: { encoder: 'wasm' } } });
    assert.deepEqual(connectionFor({ ...settings, openaiVideosBaseUrl: 'http://127.0.0.1:9/v1' }, 'openai-videos'), {
      ok: true,
      connection: { baseUrl: 'http://127.0.0.1:9/v1' },
    });
  });

  it('refuses OpenAI Videos without a base URL instead of sending to api.openai.com, naming the setting', () => {
    const missing = connectionFor(settings, 'openai-videos');
    assert.ok(!missing.ok, 'an empty base URL must not fall back to the default host');
    assert.equal(missing.setting, 'animateImage.openaiVideos.baseUrl');
    assert.match(missing.message, /set animateImage\.openaiVideos\.baseUrl/);
    assert.doesNotMatch(missing.message, /api\.openai\.com/);
  });

  it('names the address a job goes to: the base URL, else the provider default, none for local', () => {
    assert.equal(endpointOf({ baseUrl: 'http://127.0.0.1:9/v1' }, 'https://api.example.com/v1'), 'http://127.0.0.1:9/v1');
    assert.equal(endpointOf({}, 'https://api.example.com/v1'), 'https://api.example.com/v1');
    assert.equal(endpointOf({ options: {} }, undefined), undefined);
  });

  it('keeps a set OpenAI base URL', () => {
    assert.deepEqual(connectionFor({ ...settings, openaiVideosBaseUrl: 'http://127.0.0.1:9/v1' }, 'openai-videos'), {
      ok: true,
      connection: { baseUrl: 'http://127.0.0.1:9/v1' },
    });
  });

  it('needs the Azure endpoint and names the setting', () => {
    const missing = connectionFor(settings, 'azure-openai');
    assert.ok(!missing.ok && missing.setting === 'animateImage.azureOpenai.endpoint');
    assert.deepEqual(connectionFor({ ...settings, azureOpenaiEndpoint: 'https://res.openai.azure.com/' }, 'azure-openai'), {
      ok: true,
      connection: { baseUrl: 'https://res.openai.azure.com/openai/v1/' },
    });
    assert.deepEqual(connectionFor({ ...settings, azureOpenaiEndpoint: 'https://res.openai.azure.com' }, 'azure-sora-jobs'), {
      ok: true,
      connection: { baseUrl: 'https://res.openai.azure.com' },
    });
    assert.equal(connectionFor(settings, 'azure-sora-jobs').ok, false);
  });
});

describe('log redaction', () => {
  it('masks things that look like keys', () => {
    const fake = ['sk', 'proj', 'abcdefghijklmnop1234'].join('-');
    assert.equal(redact(`Incorrect API key provided: ${fake}.`), 'Incorrect API key provided: sk-***.');
    assert.equal(redact('Authorization: Bearer abc.def.ghi-1234567'), 'Authorization: Bearer ***');
    assert.equal(redact('api-key=0123456789abcdef'), 'api-key=***');
    assert.equal(redact('GET /v1/videos?api-version=1&sig=secretsig&x=1'), 'GET /v1/videos?api-version=1&sig=***&x=1');
  });

  it('leaves ordinary lines alone', () => {
    const line = 'job 1234: submitted to openai-videos as video_abc (sora-2) request id req_42 after 12 s';
    assert.equal(redact(line), line);
  });
});

describe('limiter with a changing limit (the animateImage.concurrency setting)', () => {
  it('reads the limit as slots are taken and freed', async () => {
    let limitNow = 2;
    const limit = createLimiter(() => limitNow);
    let running = 0;
    const peaks: number[] = [];
    const gates: Array<() => void> = [];
    const task = () =>
      limit(async () => {
        running++;
        peaks.push(running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
      });
    const all = Array.from({ length: 6 }, task);
    await new Promise((r) => setImmediate(r));
    assert.equal(running, 2, 'two start with a limit of 2');
    limitNow = 4;
    gates.shift()?.(); // one ends: the raised limit lets three more start
    await new Promise((r) => setImmediate(r));
    assert.equal(running, 4);
    limitNow = 1;
    for (let i = 0; i < 3; i++) gates.shift()?.();
    await new Promise((r) => setImmediate(r));
    assert.equal(running, 1, 'a lowered limit starts no more until running ones end');
    while (gates.length > 0) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    assert.equal(Math.max(...peaks), 4);
    assert.equal(peaks.length, 6, 'every task ran');
  });

  it('never goes below one slot', async () => {
    const limit = createLimiter(() => 0);
    assert.equal(await limit(async () => 'ran'), 'ran');
  });
});
