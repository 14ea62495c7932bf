/**
 * `animate-image check` against the fakes: reachable, bad key, unknown model, server down — one report per provider,
 * exit 0 only when all are ok, and never a create at the fake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectionCheck } from '../../../src/core/providers/provider';
import { closedPort } from '../../helpers/closedPort';
import { startOpenAiVideosFake, SERVED_I2V_MODEL, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { startDashScopeFake, type DashScopeFake } from '../../fakes/dashscopeServer';
import { startRunwayFake, type RunwayFake } from '../../fakes/runwayServer';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const KEY = 'sk-check-test-0123456789';
const RUNWAY_KEY = 'key_check_test_0123456789abcdef';

describe('CLI check', () => {
  let fake: OpenAiVideosFake;
  let runway: RunwayFake;
  let dashscope: DashScopeFake;
  let dir: string;
  before(async () => {
    fake = await startOpenAiVideosFake({ apiKey: KEY });
    runway = await startRunwayFake({ apiKey: RUNWAY_KEY });
    dashscope = await startDashScopeFake();
    dir = await folderWithImage();
  });
  after(async () => {
    await fake.close();
    await runway.close();
    await dashscope.close();
  });

  const check = (args: string[], env: Record<string, string> = { OPENAI_API_KEY: KEY }) =>
    run(['check', ...args], { cwd: dir, env });
  const host = () => new URL(fake.url).host;

  it('reports a reachable server with the key accepted and the model served: exit 0', async () => {
    const result = await check(['--provider', 'openai-videos', '--base-url', fake.url, '--model', SERVED_I2V_MODEL]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `openai-videos/${SERVED_I2V_MODEL} at ${host()}/models: reachable, key accepted, model available\n`,
    );
    assert.match(result.stderr, /^1 of 1 provider ok; nothing was created$/m);
  });

  it('reports a bad key, an unknown model and a server that is down: exit 1 each', async () => {
    const badKey = await check(['--provider', 'openai-videos', '--base-url', fake.url], {
      OPENAI_API_KEY: 'sk-wrong-key-000000',
    });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stdout, /^openai-videos at .*: reachable, key NOT accepted — /);
    assert.ok(
      !badKey.stdout.includes('sk-wrong-key-000000') && !badKey.stderr.includes('sk-wrong-key-000000'),
      'the key is never shown',
    );
    const unknown = await check(['--provider', 'openai-videos', '--base-url', fake.url, '--model', 'acme/not-served']);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stdout,
      /^openai-videos\/acme\/not-served at .*: reachable, key accepted, model NOT available — the server does not serve acme\/not-served; it serves Wan-AI/,
    );
    const down = await check([
      '--provider',
      'openai-videos',
      '--base-url',
      `http://127.0.0.1:${await closedPort()}/v1`,
    ]);
    assert.equal(down.code, 1);
    assert.match(down.stdout, /^openai-videos at 127\.0\.0\.1:\d+\/models: not reachable — /);
    const noKey = await check(['--provider', 'openai-videos', '--base-url', fake.url], {});
    assert.equal(noKey.code, 1);
    assert.match(
      noKey.stdout,
      /^openai-videos at \(not tried\): not reachable — OpenAI-compatible video server needs an API key: set OPENAI_API_KEY/,
    );
    assert.equal(fake.requestsTo('create').length, 0, 'no create');
    assert.ok(
      fake.requests.every((r) => r.method === 'GET'),
      'only free reads',
    );
  });

  it('without --provider checks every provider set up in the environment, one JSON line each with --json', async () => {
    // Only providers whose base URL the environment can name, so nothing leaves this machine.
    const env = {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: fake.url,
      DASHSCOPE_API_KEY: 'sk-wrong-000000000000',
      DASHSCOPE_BASE_URL: dashscope.url,
    };
    const result = await run(['check', '--json'], { cwd: dir, env });
    const checks = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ConnectionCheck);
    assert.deepEqual(
      checks.map((c) => c.provider),
      ['local', 'openai-videos', 'dashscope'],
    );
    assert.deepEqual(
      checks.map((c) => [c.ok, c.keyAccepted]),
      [
        [true, undefined],
        [true, true],
        [false, false],
      ],
    );
    assert.equal(dashscope.requestsTo('create').length, 0);
    assert.equal(result.code, 1, 'one failed check fails the run');
    const ok = await run(['check', '--json'], { cwd: dir, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url } });
    assert.equal(ok.code, 0, ok.stdout);
    assert.equal(fake.requestsTo('create').length, 0);
  });

  it('checks a Runway key and model at its fake, creating no task', async () => {
    const ok = await check(['--provider', 'runway', '--base-url', runway.url, '--model', 'veo3.1'], {
      RUNWAYML_API_SECRET: RUNWAY_KEY,
    });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const bad = await check(['--provider', 'runway', '--base-url', runway.url], {
      RUNWAYML_API_SECRET: 'key_wrong_0000000000000000',
    });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /key NOT accepted/);
    assert.equal(runway.requestsTo('create').length, 0);
  });

  it('refuses --model or --base-url without --provider, and an unknown provider, as bad input', async () => {
    const usage = await check(['--model', 'x']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /check: --model and --base-url need --provider/);
    const unknown = await check(['--provider', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown provider "nope"/);
  });
});
