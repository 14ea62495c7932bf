import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { proxySettingsFromEnv } from '../../../src/cli/proxy';
import { AnimateError } from '../../../src/core/errors';
import { startDashScopeFake, type DashScopeFake } from '../../fakes/dashscopeServer';
import { generatedVideoBytes, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { startCountingProxy, type CountingProxy } from '../../fakes/proxy';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const testKey = 'test-key-for-the-fake-only';
const dashKey = 'sk-dashscope-fake-0123456789';

describe('proxy settings from the environment', () => {
  it('reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY, lower case first; HTTPS falls back to HTTP_PROXY', () => {
    assert.equal(proxySettingsFromEnv({ NO_PROXY: 'localhost' }), undefined);
    assert.deepEqual(proxySettingsFromEnv({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.corp' }), {
      httpProxy: '',
      httpsProxy: 'http://proxy:3128',
      noProxy: '.corp',
    });
    assert.deepEqual(
      proxySettingsFromEnv({ http_proxy: 'proxy.corp:8080', HTTP_PROXY: 'http://ignored:1', no_proxy: '127.0.0.1' }),
      {
        httpProxy: 'http://proxy.corp:8080',
        httpsProxy: 'http://proxy.corp:8080',
        noProxy: '127.0.0.1',
      },
    );
  });

  it('refuses a value that is not a proxy URL, naming the variable but not its value (it may hold a password)', () => {
    assert.throws(
      () => proxySettingsFromEnv({ HTTPS_PROXY: 'socks5://user:s3cr3t@proxy:1080' }),
      (error: unknown) =>
        error instanceof AnimateError &&
        error.kind === 'bad-input' &&
        /^HTTPS_PROXY is not a proxy URL/.test(error.message) &&
        !error.message.includes('s3cr3t'),
    );
  });
});

describe('the CLI goes through HTTPS_PROXY / HTTP_PROXY for every provider, and around it for NO_PROXY', () => {
  let proxy: CountingProxy;
  let openai: OpenAiVideosFake;
  let dashscope: DashScopeFake;
  before(async () => {
    proxy = await startCountingProxy();
    openai = await startOpenAiVideosFake({ apiKey: testKey, video: { bytes: 40_000 }, runningSteps: 1 });
    dashscope = await startDashScopeFake({ video: { bytes: 30_000 }, runningSteps: 1 });
  });
  after(async () => {
    await Promise.all([proxy.close(), openai.close(), dashscope.close()]);
  });

  const jobs: { name: string; args: () => string[]; env: Record<string, string>; bytes: number }[] = [
    {
      name: 'openai-videos (the OpenAI SDK)',
      args: () => ['--provider', 'openai-videos', '--base-url', openai.url, '--size', '1280x720'],
      env: { OPENAI_API_KEY: testKey },
      bytes: 40_000,
    },
    {
      name: 'dashscope (plain fetch, a separate download link)',
      args: () => ['--provider', 'dashscope', '--base-url', dashscope.url],
      env: { DASHSCOPE_API_KEY: dashKey },
      bytes: 30_000,
    },
  ];

  for (const job of jobs) {
    it(`${job.name}: through the proxy, then past it with NO_PROXY`, async () => {
      const proxied = await folderWithImage();
      const tunnelsBefore = proxy.tunnels.length + proxy.forwarded.length;
      const bytesBefore = proxy.tunnelledBytes();
      const args = [...job.args(), '--image', 'photo.png', '--prompt', 'wind', '--poll-interval', '0.05'];
      const through = await run(args, {
        cwd: proxied,
        env: { ...job.env, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
      });
      assert.equal(through.code, 0, through.stderr);
      assert.ok(proxy.tunnels.length + proxy.forwarded.length > tunnelsBefore, 'the job went through the proxy');
      // The image upload alone is tens of kilobytes: the job's own requests passed, not just a handshake.
      assert.ok(
        proxy.tunnelledBytes() - bytesBefore > 10_000,
        `bytes through the proxy: ${proxy.tunnelledBytes() - bytesBefore}`,
      );
      assert.deepEqual(await readFile(join(proxied, 'photo.mp4')), generatedVideoBytes(job.bytes));
      assert.equal(through.stdout, `${join(proxied, 'photo.mp4')}\n`);

      const direct = await folderWithImage();
      const countBefore = proxy.tunnels.length + proxy.forwarded.length;
      const past = await run(args, {
        cwd: direct,
        env: { ...job.env, https_proxy: proxy.url, http_proxy: proxy.url, no_proxy: 'localhost,127.0.0.1' },
      });
      assert.equal(past.code, 0, past.stderr);
      assert.equal(proxy.tunnels.length + proxy.forwarded.length, countBefore, 'NO_PROXY kept the job off the proxy');
      assert.deepEqual(await readFile(join(direct, 'photo.mp4')), generatedVideoBytes(job.bytes));
    });
  }

  it('lower-case http_proxy alone is honoured too, and a bad proxy value stops before anything is sent', async () => {
    const dir = await folderWithImage();
    const creates = openai.requestsTo('create', 'POST').length;
    const before = proxy.tunnels.length + proxy.forwarded.length;
    const lower = await run(
      [...jobs[0]!.args(), '--image', 'photo.png', '--prompt', 'wind', '--poll-interval', '0.05'],
      { cwd: dir, env: { OPENAI_API_KEY: testKey, http_proxy: proxy.url } },
    );
    assert.equal(lower.code, 0, lower.stderr);
    assert.ok(proxy.tunnels.length + proxy.forwarded.length > before);
    const bad = await run([...jobs[0]!.args(), '--image', 'photo.png', '--prompt', 'wind'], {
      cwd: dir,
      env: { OPENAI_API_KEY: testKey, HTTPS_PROXY: 'ftp://user:s3cr3t@proxy' },
    });
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /HTTPS_PROXY is not a proxy URL/);
    assert.doesNotMatch(bad.stderr, /s3cr3t/);
    assert.equal(openai.requestsTo('create', 'POST').length, creates + 1);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.mp4')),
      ['photo.mp4'],
    );
  });
});
