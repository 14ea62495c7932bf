/**
 * The CLI's extras flags (--negative-prompt, --seed, --audio, --enhance-prompt): checked as flags, sent to the
 * provider when the model takes them, refused (exit 2, naming the models that can) when it does not — with nothing
 * created at the fake — and the core's warnings (a deprecated service) printed as `warning: …` lines.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCli, UsageError } from '../../../src/cli/args';
import { startDashScopeFake, type DashScopeFake } from '../../fakes/dashscopeServer';
import { startOpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const KEY = 'sk-dashscope-cli-test-0123456789';
const AZURE_KEY = 'azure-cli-test-key-0123456789';

describe('CLI extras flags', () => {
  it('parses on/off and whole-number seeds, and refuses anything else with the flag named', () => {
    const flags = parseCli([
      '--image',
      'a.png',
      '--negative-prompt',
      ' blur ',
      '--seed',
      '42',
      '--audio',
      'off',
      '--enhance-prompt',
      'ON',
    ]).flags;
    assert.deepEqual(
      [flags['negative-prompt'], flags.seed, flags.audio, flags['enhance-prompt']],
      ['blur', 42, false, true],
    );
    const refused = (argv: string[], pattern: RegExp) =>
      assert.throws(
        () => parseCli(['--image', 'a.png', ...argv]),
        (e: unknown) => e instanceof UsageError && pattern.test(e.message),
      );
    refused(['--seed', '4.5'], /^--seed must be a whole number from 0 to 2147483647$/);
    refused(['--seed', 'abc'], /^--seed must be a whole number/);
    refused(['--seed', '2147483648'], /^--seed must be a whole number from 0 to 2147483647$/);
    refused(['--audio', 'loud'], /^--audio must be on or off$/);
    refused(['--enhance-prompt', 'maybe'], /^--enhance-prompt must be on or off$/);
    refused(['--negative-prompt', '   '], /^--negative-prompt must not be empty$/);
    refused(['--negative-prompt', 'x'.repeat(501)], /at most 500 characters/);
  });

  it('refuses them (and --dry-run) on commands that would ignore them', () => {
    assert.throws(() => parseCli(['resume', 'job-1', '--seed', '3']), /--seed only apply to a new animation/);
    assert.throws(
      () => parseCli(['remix', 'a.mp4', '--prompt', 'x', '--dry-run']),
      /--dry-run only apply to a new animation/,
    );
  });
});

describe('CLI extras against the DashScope fake', () => {
  let fake: DashScopeFake;
  before(async () => {
    fake = await startDashScopeFake({ apiKey: KEY, video: { bytes: 20_000 }, runningSteps: 0 });
  });
  after(() => fake.close());

  const dashscope = (cwd: string, extra: string[]) =>
    run(
      [
        '--provider',
        'dashscope',
        '--base-url',
        fake.url,
        '--poll-interval',
        '0.05',
        '--image',
        'photo.png',
        '--prompt',
        'leaves drift',
        '--size',
        '1280x720',
        ...extra,
      ],
      {
        cwd,
        env: { DASHSCOPE_API_KEY: KEY },
      },
    );

  it('sends the extras a model takes to the provider', async () => {
    const dir = await folderWithImage();
    const result = await dashscope(dir, [
      '--model',
      'wan2.6-i2v',
      '--n-seconds',
      '5',
      '--negative-prompt',
      'blurry, text',
      '--seed',
      '1234',
      '--audio',
      'off',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(dir, 'photo.mp4')));
    const task = [...fake.tasks.values()].at(-1);
    assert.deepEqual(task && [task.model, task.negativePrompt, task.seed, task.audio], [
      'wan2.6-i2v',
      'blurry, text',
      1234,
      false,
    ]);
  });

  it('refuses an extra the model cannot honour, naming the models that can, and creates nothing', async () => {
    const dir = await folderWithImage();
    const before = fake.requests.length;
    const audio = await dashscope(dir, ['--model', 'wan2.7-i2v', '--audio', 'off']);
    assert.equal(audio.code, 2, audio.stderr);
    assert.match(
      audio.stderr,
      /wan2\.7-i2v\) cannot take switching audio on or off \(audio\)\. Models of Alibaba DashScope \(Wan\) that take it: wan2\.6-i2v, wan2\.6-i2v-flash, wan2\.5-i2v-preview\./,
    );
    const negative = await dashscope(dir, [
      '--model',
      'wanx2.1-kf2v-plus',
      '--last-frame',
      'photo.png',
      '--negative-prompt',
      'blur',
    ]);
    assert.equal(negative.code, 2, negative.stderr);
    assert.match(
      negative.stderr,
      /wanx2\.1-kf2v-plus\) cannot take a negative prompt \(negativePrompt\)\. Models of Alibaba DashScope \(Wan\) that take it: wan2\.7-i2v, /,
    );
    assert.equal(fake.requests.length, before, 'nothing reached the fake');
    assert.ok(!existsSync(join(dir, 'photo.mp4')));
    assert.ok(!existsSync(join(dir, '.state', 'jobs.json')), 'no job recorded');
  });
});

describe('CLI warnings', () => {
  it('prints the core warning for a service deprecated upstream as a warning: line (AOG, dry run)', async () => {
    const dir = await folderWithImage();
    const result = await run(['--provider', 'aog', '--dry-run', '--image', 'photo.png', '--prompt', 'zoom'], {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^warning: AOG \(AIPC Open Gateway\) — archived by Intel is deprecated by the provider on 2026-08-23; this works only while your endpoint still answers\.$/m,
    );
  });

  it('prints the retired-service warning before a real job at an Azure deployment that still answers', async () => {
    const fake = await startOpenAiVideosFake({
      apiKey: AZURE_KEY,
      auth: 'api-key',
      basePath: '/openai/v1',
      deployments: { 'my-sora': 'sora-2' },
      runningSteps: 1,
      video: { bytes: 10_000 },
    });
    try {
      const dir = await folderWithImage();
      const result = await run(
        [
          '--provider',
          'azure-openai',
          '--base-url',
          fake.url,
          '--model',
          'my-sora',
          '--image',
          'photo.png',
          '--prompt',
          'waves',
          '--poll-interval',
          '0.05',
        ],
        {
          cwd: dir,
          env: { AZURE_OPENAI_API_KEY: AZURE_KEY },
        },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        /^warning: Azure OpenAI Sora 2 \(v1 route\) — retired by Microsoft is retired by the provider on 2026-10-15; this works only while your endpoint still answers\.$/m,
      );
      assert.equal(result.stderr.match(/^warning: /gm)?.length, 1, 'said once');
      assert.equal(fake.requestsTo('create', 'POST').length, 1);
    } finally {
      await fake.close();
    }
  });

  it('prints no warning for a live model', async () => {
    const dir = await folderWithImage();
    const result = await run(['--dry-run', '--image', 'photo.png'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /warning:/);
  });
});
