import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli, UsageError } from '../../../src/cli/args';
import { chooseProvider } from '../../../src/cli/environment';
import { worstExitCode } from '../../../src/cli/main';

describe('CLI flags', () => {
  it('keeps the Azure script flags and parses numbers', () => {
    const command = parseCli([
      '--image',
      'a.png',
      '--prompt',
      'wind',
      '--size',
      '1920x1080',
      '--n-seconds',
      '10',
      '--poll-interval',
      '5',
      '--max-wait',
      '900',
    ]);
    assert.equal(command.name, 'animate');
    assert.deepEqual(command.flags.image, ['a.png']);
    assert.equal(command.flags['n-seconds'], 10);
    assert.equal(command.flags['poll-interval'], 5);
    assert.equal(command.flags['max-wait'], 900);
    assert.equal(command.flags.fit, 'crop');
    assert.equal(command.flags.concurrency, 3);
  });

  it('takes several images as a batch, and the resume/jobs/providers verbs', () => {
    assert.deepEqual(parseCli(['-i', 'a.png', '-i', 'b.png']).flags.image, ['a.png', 'b.png']);
    const resume = parseCli(['resume', 'abc']);
    assert.equal(resume.name === 'resume' && resume.jobId, 'abc');
    assert.equal(parseCli(['jobs']).name, 'jobs');
  });

  it('says what is wrong with bad flags', () => {
    const cases: [string[], RegExp][] = [
      [[], /--image is required/],
      [['--image', 'a.png', '--size', '12'], /--size must look like 1280x720/],
      [['--image', 'a.png', '--n-seconds', 'abc'], /--n-seconds/],
      [['--image', 'a.png', '--fit', 'stretch'], /--fit must be one of: crop, smart, pad/],
      [['--image', 'a.png', '--base-url', 'not a url'], /--base-url must be a URL/],
      [['--image', 'a.png', '--bogus'], /bogus/],
      [['resume'], /usage: animate-image resume/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [argv, pattern] of cases)
      assert.throws(
        () => parseCli(argv),
        (e: unknown) => e instanceof UsageError && pattern.test(e.message),
        argv.join(' '),
      );
  });

  it('picks the provider from the flag, else an Azure .env, else local', () => {
    assert.equal(chooseProvider('openai-videos', {}), 'openai-videos');
    assert.equal(
      chooseProvider(undefined, { AZURE_OPENAI_ENDPOINT: 'https://x', AZURE_OPENAI_VIDEO_API_MODE: 'videos' }),
      'azure-openai',
    );
    assert.equal(
      chooseProvider(undefined, { AZURE_OPENAI_ENDPOINT: 'https://x' }),
      'azure-sora-jobs',
      'the script defaults to the jobs API',
    );
    assert.equal(chooseProvider(undefined, {}), 'local');
  });

  it('a batch exits with its worst outcome', () => {
    assert.equal(worstExitCode([0, 0]), 0);
    assert.equal(worstExitCode([0, 3]), 3);
    assert.equal(worstExitCode([3, 2, 0]), 2);
    assert.equal(worstExitCode([2, 1, 3]), 1);
  });

  it('mcp takes a budget (0 or more US dollars), custom models and --verbose, and refuses flags it would not use', () => {
    const mcp = parseCli(['mcp', '--budget-usd', '2.5', '--custom-models', 'm.json']);
    assert.deepEqual([mcp.name, mcp.flags['budget-usd'], mcp.flags['custom-models']], ['mcp', 2.5, 'm.json']);
    assert.equal(parseCli(['mcp']).flags['budget-usd'], undefined);
    assert.equal(parseCli(['--image', 'a.png', '--budget-usd', '0']).flags['budget-usd'], 0);
    const cases: [string[], RegExp][] = [
      [['mcp', '--provider', 'fal'], /usage: animate-image mcp .* \(not --provider\)/],
      [['mcp', '--image', 'a.png'], /\(not --image\)/],
      [['mcp', 'extra'], /usage: animate-image mcp/],
      [['mcp', '--budget-usd=-1'], /--budget-usd must be 0 or more/],
      [['mcp', '--budget-usd', 'lots'], /--budget-usd must be a number of US dollars/],
      [
        ['remix', 'v.mp4', '--prompt', 'x', '--budget-usd', '1'],
        /--budget-usd applies to a new animation \(--image …\) and to mcp, not to remix/,
      ],
    ];
    for (const [argv, message] of cases)
      assert.throws(
        () => parseCli(argv),
        (error: unknown) => error instanceof UsageError && message.test(error.message),
        argv.join(' '),
      );
  });
});
