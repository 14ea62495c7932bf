import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startAzureSoraJobsFake } from '../../fakes/azureSoraJobsServer';
import { generatedVideoBytes, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { folderWithImage, runCli as run } from '../../helpers/cli';

const testKey = 'test-key-for-the-fake-only';

describe('animate-image CLI', () => {
  let fake: OpenAiVideosFake;
  const videoBytes = 50_000;
  before(async () => {
    fake = await startOpenAiVideosFake({ apiKey: testKey, video: { bytes: videoBytes }, runningSteps: 2 });
  });
  after(() => fake.close());

  const openai = (cwd: string, extra: string[] = []) =>
    run(
      [
        '--provider',
        'openai-videos',
        '--base-url',
        fake.url,
        '--poll-interval',
        '0.05',
        '--size',
        '1280x720',
        '--prompt',
        'slow zoom in',
        ...extra,
      ],
      {
        cwd,
        env: { OPENAI_API_KEY: testKey },
      },
    );

  it('makes an MP4 offline with the default local provider', async () => {
    const dir = await folderWithImage();
    const result = await run(
      ['--image', 'photo.png', '--prompt', 'pan left', '--n-seconds', '2', '--size', '854x480'],
      { cwd: dir },
    );
    assert.equal(result.code, 0, result.stderr);
    const mp4 = await readFile(join(dir, 'photo.mp4'));
    assert.equal(mp4.subarray(4, 8).toString('latin1'), 'ftyp');
    assert.match(result.stderr, /saved .*photo\.mp4/);
    assert.equal(result.stdout, `${join(dir, 'photo.mp4')}\n`, 'the saved path alone on stdout');
    const sidecar = JSON.parse(await readFile(join(dir, 'photo.mp4.json'), 'utf8')) as {
      provider: string;
      prompt: string;
    };
    assert.deepEqual([sidecar.provider, sidecar.prompt], ['local', 'pan left']);
    const bare = await run(['--image', 'photo.png', '--n-seconds', '2', '--size', '854x480', '--no-sidecar'], {
      cwd: dir,
    });
    assert.equal(bare.code, 0, bare.stderr);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.startsWith('photo-2')),
      ['photo-2.mp4'],
    );
  });

  it('says that only the first frame of an animated WebP is animated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-test-'));
    const frames = await Promise.all(
      ['#ff0000', '#0000ff'].map((background) =>
        sharp({ create: { width: 320, height: 240, channels: 3, background } })
          .png()
          .toBuffer(),
      ),
    );
    await sharp(frames, { join: { animated: true } })
      .webp({ lossless: true })
      .toFile(join(dir, 'loop.webp'));
    const result = await run(['--image', 'loop.webp', '--prompt', 'zoom in', '--n-seconds', '2', '--size', '854x480'], {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^note: loop\.webp: This is an animated WebP: only its first frame is animated/m);
    const still = await run(['--image', 'photo.png', '--n-seconds', '2', '--size', '854x480'], {
      cwd: await folderWithImage(),
    });
    assert.equal(still.code, 0, still.stderr);
    assert.doesNotMatch(still.stderr, /note:/);
  });

  it('runs a job at an OpenAI Videos endpoint: exact-size image, progress, download next to the source', async () => {
    const dir = await folderWithImage();
    const result = await openai(dir, ['--image', 'photo.png', '--prompt', 'gentle wind']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await readFile(join(dir, 'photo.mp4')), generatedVideoBytes(videoBytes));
    const create = fake.requestsTo('create', 'POST').at(-1);
    assert.ok(create?.body.kind === 'multipart');
    const file = create.body.files.find((f) => f.field === 'input_reference');
    // The fake enforces the exact-size rule: a 1600x900 source only passes if it was fitted to 1280x720.
    assert.match(file?.contentType ?? '', /^image\/(png|jpeg)$/);
    assert.equal(create.body.fields.size, '1280x720');
    assert.doesNotMatch(result.stderr + result.stdout, new RegExp(testKey));
  });

  it('max wait is not a failure: exit 3 with a resume command, and resume finishes without resubmitting', async () => {
    const dir = await folderWithImage();
    fake.options.pollsPerStep = 1000;
    const creates = fake.requestsTo('create', 'POST').length;
    const first = await openai(dir, ['--image', 'photo.png', '--max-wait', '0.3']);
    assert.equal(first.code, 3, first.stderr);
    const id = /resume with: animate-image resume (\S+)/.exec(first.stderr)?.[1];
    assert.ok(id, first.stderr);
    assert.deepEqual(await readdir(dir).then((f) => f.filter((n) => n.endsWith('.mp4'))), []);
    fake.options.pollsPerStep = 1;
    const resumed = await run(['resume', id, '--poll-interval', '0.05'], {
      cwd: dir,
      env: { OPENAI_API_KEY: testKey },
    });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(await readFile(join(dir, 'photo.mp4')), generatedVideoBytes(videoBytes));
    assert.equal(fake.requestsTo('create', 'POST').length, creates + 1, 'one submit in all');
    assert.equal(resumed.stdout, `${join(dir, 'photo.mp4')}\n`);
    const again = await run(['resume', id], { cwd: dir, env: { OPENAI_API_KEY: testKey } });
    assert.deepEqual([again.code, again.stdout], [0, `${join(dir, 'photo.mp4')}\n`]);
    assert.match(again.stderr, /already done/);
    const againJson = await run(['resume', id, '--json'], { cwd: dir, env: { OPENAI_API_KEY: testKey } });
    assert.deepEqual(JSON.parse(againJson.stdout), {
      image: join(dir, 'photo.png'),
      status: 'succeeded',
      output: join(dir, 'photo.mp4'),
      jobId: id,
    });
  });

  it('reports a moderated job with its reason and exit 1', async () => {
    const dir = await folderWithImage();
    const result = await openai(dir, ['--image', 'photo.png', '--prompt', `a cat ${fake.options.failWord}`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /moderation/);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.mp4')),
      [],
    );
  });

  it('bad input exits 2 before anything is submitted', async () => {
    const dir = await folderWithImage();
    await writeFile(join(dir, 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    const creates = fake.requestsTo('create', 'POST').length;
    const missing = await openai(dir, ['--image', 'nope.png']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.png: no such file/);
    const corrupt = await openai(dir, ['--image', 'broken.png']);
    assert.equal(corrupt.code, 2, corrupt.stderr);
    const badSize = await openai(dir, ['--image', 'photo.png', '--size', '1000x1000']);
    assert.equal(badSize.code, 2);
    assert.match(badSize.stderr, /Sizes: 1280x720, 720x1280/);
    assert.equal(fake.requestsTo('create', 'POST').length, creates);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.mp4')),
      [],
    );
  });

  it('a rejected key says which variable to set and never prints the key', async () => {
    const dir = await folderWithImage();
    const wrong = 'wrong-key-that-must-not-leak';
    const result = await run(
      ['--provider', 'openai-videos', '--base-url', fake.url, '--image', 'photo.png', '--prompt', 'wind'],
      { cwd: dir, env: { OPENAI_API_KEY: wrong } },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /401/);
    assert.match(result.stderr, /OPENAI_API_KEY/);
    assert.doesNotMatch(result.stderr + result.stdout, new RegExp(wrong));
    const none = await run(['--provider', 'openai-videos', '--image', 'photo.png'], { cwd: dir });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /needs an API key: set OPENAI_API_KEY/);
  });

  it('reads the key from .env in the current folder', async () => {
    const dir = await folderWithImage();
    await writeFile(join(dir, '.env'), `OPENAI_API_KEY=${testKey}\n`);
    const result = await run(
      [
        '--provider',
        'openai-videos',
        '--base-url',
        fake.url,
        '--poll-interval',
        '0.05',
        '--image',
        'photo.png',
        '--prompt',
        'wind',
      ],
      { cwd: dir },
    );
    assert.equal(result.code, 0, result.stderr);
  });

  it('runs a batch with distinct outputs and a JSON line per image', async () => {
    const dir = await folderWithImage('a.png');
    for (const name of ['b.png', 'c.png']) await sharp(join(dir, 'a.png')).toFile(join(dir, name));
    const result = await openai(dir, [
      '--image',
      'a.png',
      '--image',
      'b.png',
      '--image',
      'c.png',
      '--concurrency',
      '2',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; output: string });
    assert.deepEqual(
      lines.map((l) => l.status),
      ['succeeded', 'succeeded', 'succeeded'],
    );
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort(), ['a.mp4', 'b.mp4', 'c.mp4']);
  });

  it('checks --output before submitting: a folder takes <image>.mp4, a missing folder is made, a non-MP4 name is refused', async () => {
    const dir = await folderWithImage();
    await mkdir(join(dir, 'videos'));
    const creates = fake.requestsTo('create', 'POST').length;
    for (const [output, message] of [
      ['out.txt', /--output out\.txt: the video is an MP4, so give a file name ending in \.mp4, or a folder/],
      ['clip', /--output clip: .*a new one written with a trailing \//],
      ['photo.png/clip.mp4', /photo\.png is a file, so it cannot hold the video/],
    ] as const) {
      const refused = await openai(dir, ['--image', 'photo.png', '--output', output]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, message);
      assert.equal(refused.stdout, '');
    }
    assert.equal(fake.requestsTo('create', 'POST').length, creates, 'nothing submitted for a bad --output');
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n !== '.state').sort(),
      ['photo.png', 'videos'],
      'no folder made for a refused --output',
    );

    const inFolder = await openai(dir, ['--image', 'photo.png', '--output', 'videos']);
    assert.equal(inFolder.code, 0, inFolder.stderr);
    assert.equal(inFolder.stdout, `${join(dir, 'videos', 'photo.mp4')}\n`);
    assert.deepEqual(await readFile(join(dir, 'videos', 'photo.mp4')), generatedVideoBytes(videoBytes));
    const newFolders = await openai(dir, ['--image', 'photo.png', '--output', 'new/sub/clip.mp4']);
    assert.equal(newFolders.code, 0, newFolders.stderr);
    assert.deepEqual(await readFile(join(dir, 'new', 'sub', 'clip.mp4')), generatedVideoBytes(videoBytes));
    const newFolder = await openai(dir, ['--image', 'photo.png', '--output', 'fresh/']);
    assert.equal(newFolder.code, 0, newFolder.stderr);
    assert.deepEqual((await readdir(join(dir, 'fresh'))).sort(), ['photo.mp4', 'photo.mp4.json']);
    assert.equal(fake.requestsTo('create', 'POST').length, creates + 3);
  });

  it('a batch --output folder is made if missing; a file name for a batch is refused before anything is sent', async () => {
    const dir = await folderWithImage('a.png');
    await sharp(join(dir, 'a.png')).toFile(join(dir, 'b.png'));
    const creates = fake.requestsTo('create', 'POST').length;
    const refused = await openai(dir, ['--image', 'a.png', '--image', 'b.png', '--output', 'both.mp4']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /--output both\.mp4: with several images, give a folder/);
    assert.equal(fake.requestsTo('create', 'POST').length, creates);
    const result = await openai(dir, ['--image', 'a.png', '--image', 'b.png', '--output', 'out/clips']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((await readdir(join(dir, 'out', 'clips'))).filter((n) => n.endsWith('.mp4')).sort(), [
      'a.mp4',
      'b.mp4',
    ]);
    assert.deepEqual(result.stdout.trim().split('\n').sort(), [
      join(dir, 'out', 'clips', 'a.mp4'),
      join(dir, 'out', 'clips', 'b.mp4'),
    ]);
  });

  it('refuses a key in the base URL before anything is sent or stored', async () => {
    const dir = await folderWithImage();
    const secret = 'sk-inquery0123456789abcdefXYZ';
    const creates = fake.requestsTo('create', 'POST').length;
    const flag = await openai(dir, ['--image', 'photo.png', '--base-url', `${fake.url}?api_key=${secret}`]);
    assert.equal(flag.code, 2, flag.stderr);
    assert.match(
      flag.stderr,
      /--base-url must not contain a credential in its query \("api_key=…"\).*Put the key in OPENAI_API_KEY instead/,
    );
    const env = await run(['--provider', 'openai-videos', '--image', 'photo.png', '--prompt', 'wind'], {
      cwd: dir,
      env: { OPENAI_API_KEY: testKey, OPENAI_BASE_URL: `${fake.url}?key=${secret}` },
    });
    assert.equal(env.code, 2, env.stderr);
    assert.match(env.stderr, /The base URL in OPENAI_BASE_URL must not contain a credential in its query \("key=…"\)/);
    const userInfo = await openai(dir, [
      '--image',
      'photo.png',
      '--base-url',
      fake.url.replace('http://', 'http://me:pw@'),
    ]);
    assert.equal(userInfo.code, 2, userInfo.stderr);
    assert.match(userInfo.stderr, /must not contain a user name or password/);
    assert.equal(fake.requestsTo('create', 'POST').length, creates);
    const state = await readdir(join(dir, '.state')).catch(() => []);
    for (const name of state)
      assert.doesNotMatch(await readFile(join(dir, '.state', name), 'utf8'), new RegExp(secret));
    assert.doesNotMatch(flag.stderr + env.stderr, new RegExp(secret));
  });

  it('jobs --json prints one JSON object per job; jobs without it stays a table', async () => {
    const dir = await folderWithImage();
    const done = await openai(dir, ['--image', 'photo.png']);
    assert.equal(done.code, 0, done.stderr);
    const json = await run(['jobs', '--json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    assert.deepEqual(
      {
        state: lines[0]?.state,
        provider: lines[0]?.provider,
        output: lines[0]?.output,
        size: lines[0]?.size,
        prompt: lines[0]?.prompt,
      },
      {
        state: 'succeeded',
        provider: 'openai-videos',
        output: join(dir, 'photo.mp4'),
        size: '1280x720',
        prompt: 'slow zoom in',
      },
    );
    assert.match(String(lines[0]?.id), /^[0-9a-f-]{36}$/);
    assert.ok(!('endpoint' in (lines[0] ?? {})), 'the stored endpoint is not printed');
    const table = await run(['jobs'], { cwd: dir });
    assert.ok(table.stdout.includes(`succeeded  openai-videos/${String(lines[0]?.model)}  photo.png`), table.stdout);
    const none = await run(['jobs', '--json'], { cwd: await folderWithImage() });
    assert.deepEqual([none.code, none.stdout], [0, '']);
  });

  it('--help lists every exit code and says what goes to stdout and stderr', async () => {
    const help = await run(['--help'], { cwd: tmpdir() });
    assert.equal(help.code, 0);
    for (const code of ['0', '1', '2', '3', '130'])
      assert.match(help.stdout, new RegExp(`^  ${code} +\\S`, 'm'), `exit code ${code}`);
    assert.match(help.stdout, /interrupted \(Ctrl-C\)/);
    assert.match(help.stdout, /path of each saved video on stdout/);
    assert.match(help.stdout, /HTTPS_PROXY, HTTP_PROXY and NO_PROXY/);
  });

  it('a .env that is a folder is skipped with a warning', async () => {
    const dir = await folderWithImage();
    await mkdir(join(dir, '.env'));
    const result = await run(['--image', 'photo.png', '--n-seconds', '2', '--size', '854x480'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: ignoring .*\.env: it is a folder, not a file of KEY=value lines/);
    assert.doesNotMatch(result.stderr, /should be a valid string/);
  });

  it("works with the Azure script's .env and flags unchanged (jobs API), including --last-frame", async () => {
    const azure = await startAzureSoraJobsFake({ apiKey: testKey, deployments: ['sora'] });
    try {
      const dir = await folderWithImage('spring.png');
      await sharp(join(dir, 'spring.png')).flop().toFile(join(dir, 'end.png'));
      await writeFile(
        join(dir, '.env'),
        [
          `AZURE_OPENAI_ENDPOINT=${azure.url}/`,
          `AZURE_OPENAI_API_KEY=${testKey}`,
          'AZURE_OPENAI_SORA_DEPLOYMENT=sora',
          'AZURE_OPENAI_API_VERSION=preview',
          'AZURE_OPENAI_VIDEO_API_MODE=jobs',
        ].join('\n'),
      );
      const args = [
        '--image',
        './spring.png',
        '--prompt',
        '柳树随风摇曳',
        '--output',
        './spring_animated.mp4',
        '--size',
        '1920x1080',
        '--n-seconds',
        '10',
        '--poll-interval',
        '0.05',
      ];
      const result = await run(args, { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.equal((await readFile(join(dir, 'spring_animated.mp4'))).subarray(4, 8).toString('latin1'), 'ftyp');
      const twoFrames = await run([...args, '--last-frame', 'end.png'], { cwd: dir });
      assert.equal(twoFrames.code, 0, twoFrames.stderr);
      assert.ok((await readdir(dir)).includes('spring_animated-2.mp4'));
      assert.equal(azure.requestsTo('create', 'POST').length, 2);
    } finally {
      await azure.close();
    }
  });
});
