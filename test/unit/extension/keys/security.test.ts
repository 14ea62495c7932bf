import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  decideKeyUse,
  hostOf,
  parseStoredKey,
  providerHost,
  serializeKey,
} from '../../../../src/extension/keys/keyBinding';
import { redact } from '../../../../src/extension/platform/redact';
import {
  ignoredWorkspaceSettings,
  notYetTold,
  restrictedSettings,
  restrictedSettingsIn,
} from '../../../../src/extension/settings/restrictedSettings';

describe('API key bound to a host', () => {
  it('knows the host of a base URL, with the port, in lower case', () => {
    assert.equal(hostOf('https://API.openai.com/v1'), 'api.openai.com');
    assert.equal(hostOf('https://api.openai.com:443/v1'), 'api.openai.com');
    assert.equal(hostOf('http://127.0.0.1:8080/v1'), '127.0.0.1:8080');
    assert.equal(hostOf('not a url'), undefined);
    assert.equal(hostOf(undefined), undefined);
    assert.equal(providerHost('', 'https://api.openai.com/v1'), 'api.openai.com', 'empty base URL → the default');
    assert.equal(providerHost('https://gw.example.com/v1', 'https://api.openai.com/v1'), 'gw.example.com');
    assert.equal(providerHost(undefined, undefined), undefined);
  });

  it('stores {key, host} and still reads older plain-string keys', () => {
    const stored = { key: 'sk-one', host: 'api.openai.com' };
    assert.deepEqual(parseStoredKey(serializeKey(stored)), stored);
    assert.deepEqual(parseStoredKey('sk-plain-old-key'), { key: 'sk-plain-old-key' });
    assert.deepEqual(parseStoredKey('{not json'), { key: '{not json' });
    assert.deepEqual(parseStoredKey('{"other":"shape"}'), { key: '{"other":"shape"}' });
    assert.equal(parseStoredKey(undefined), undefined);
    assert.equal(parseStoredKey(''), undefined);
    assert.deepEqual(JSON.parse(serializeKey({ key: 'k' })), { key: 'k' });
  });

  it('sends a key only to the host it was saved for; another host needs a yes', () => {
    const saved = { key: 'k', host: 'api.openai.com' };
    assert.equal(decideKeyUse(saved, 'api.openai.com', 'api.openai.com'), 'use');
    assert.equal(decideKeyUse(saved, 'API.OPENAI.COM', 'api.openai.com'), 'use');
    assert.equal(decideKeyUse(saved, 'evil.example.com', 'api.openai.com'), 'ask');
    assert.equal(decideKeyUse(saved, 'api.openai.com:8443', 'api.openai.com'), 'ask', 'another port is another server');
    assert.equal(decideKeyUse(saved, undefined, 'api.openai.com'), 'use', 'nowhere to send yet');
  });

  it('binds an older plain key to where it always went (the default host), else asks', () => {
    const legacy = { key: 'k' };
    assert.equal(decideKeyUse(legacy, 'api.openai.com', 'api.openai.com'), 'bind');
    assert.equal(decideKeyUse(legacy, 'gw.example.com', 'api.openai.com'), 'ask');
    assert.equal(
      decideKeyUse(legacy, 'res.openai.azure.com', undefined),
      'bind',
      'Azure has no default host: the configured one',
    );
  });
});

describe('untrusted workspace settings', () => {
  it('lists the same settings as the manifest restricts', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
    assert.deepEqual(
      [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
      [...restrictedSettings].sort(),
    );
  });

  it('finds the restricted settings a settings file sets: JSONC, flat or nested keys, .code-workspace section', () => {
    const folderFile = `{
      // a comment, as VS Code allows
      "animateImage.openaiVideos.baseUrl": "https://elsewhere.example.com/v1",
      "animateImage": { "presets": [] },
      "editor.fontSize": 14,
    }`;
    assert.deepEqual(restrictedSettingsIn(folderFile), ['animateImage.openaiVideos.baseUrl', 'animateImage.presets']);
    assert.deepEqual(
      restrictedSettingsIn('{ "animateImage": { "azureOpenai": { "endpoint": "https://x.example.com" } } }'),
      ['animateImage.azureOpenai.endpoint'],
    );
    assert.deepEqual(
      restrictedSettingsIn('{ "animateImage.maxWaitMinutes": 5 }'),
      [],
      'unrestricted settings are not reported',
    );
    const workspaceFile = '{ "folders": [{ "path": "." }], "settings": { "animateImage.presets": [] } }';
    assert.deepEqual(restrictedSettingsIn(workspaceFile, 'settings'), ['animateImage.presets']);
    assert.deepEqual(restrictedSettingsIn(workspaceFile), [], 'outside the settings section they are not settings');
    for (const broken of ['', 'not json', '[1, 2]', '"a string"'])
      assert.deepEqual(restrictedSettingsIn(broken), [], JSON.stringify(broken));
  });

  it('names the workspace values that an untrusted workspace ignores, once each', () => {
    const files = [['animateImage.presets'], [], ['animateImage.openaiVideos.baseUrl', 'animateImage.presets']];
    assert.deepEqual(ignoredWorkspaceSettings(files), ['animateImage.openaiVideos.baseUrl', 'animateImage.presets']);
    assert.deepEqual(ignoredWorkspaceSettings([[], []]), []);
    assert.deepEqual(notYetTold(['a', 'b'], ['a']), ['b']);
    assert.deepEqual(notYetTold(['a'], ['a']), []);
  });
});

describe('log redaction of credentials', () => {
  const google = ['AIza', 'SyA-1234567890abcdefghijklmnopqrstu'].join('');
  const cases: Array<[string, string]> = [
    ['Authorization: Bearer sk-abc123456789xyz', 'Authorization: Bearer ***'],
    ['authorization: Token abcdefgh12345', 'authorization: Token ***'],
    ['authorization: abcdefgh12345', 'authorization: ***'],
    ['{"Authorization":"Bearer abcdefghijk"}', '{"Authorization":"Bearer ***"}'],
    ["{ authorization: 'Basic dXNlcjpwYXNz' }", "{ authorization: 'Basic ***' }"],
    ['Authorization=Bearer%20abcdefghij', 'Authorization=Bearer%20***'],
    ['api-key: 0123456789abcdef0123', 'api-key: ***'],
    ['{"api-key": "0123456789abcdef"}', '{"api-key": "***"}'],
    [`x-goog-api-key: ${google}`, 'x-goog-api-key: ***'],
    [`{"x-goog-api-key":"${google}"}`, '{"x-goog-api-key":"***"}'],
    ['X-Api-Key: abcdefgh1234', 'X-Api-Key: ***'],
    [
      `GET https://generativelanguage.googleapis.com/v1beta/models/veo:predict?key=${google}&alt=json`,
      'GET https://generativelanguage.googleapis.com/v1beta/models/veo:predict?key=***&alt=json',
    ],
    ['GET /x?api_key=abcdef123&b=1', 'GET /x?api_key=***&b=1'],
    ['POST /x?alt=json&key=abc123', 'POST /x?alt=json&key=***'],
    ['key=secretvalue123 in a body', 'key=*** in a body'],
    ['GET /v1/videos?api-version=1&sig=secretsig&x=1', 'GET /v1/videos?api-version=1&sig=***&x=1'],
    [`Invalid key ${google} provided`, 'Invalid key AIza*** provided'],
  ];
  for (const [input, expected] of cases) {
    it(`masks ${input.slice(0, 40)}`, () => assert.equal(redact(input), expected));
  }

  it('is idempotent and leaves ordinary lines alone', () => {
    for (const [input] of cases) assert.equal(redact(redact(input)), redact(input));
    const lines = [
      'job 1234: submitted to openai-videos as video_abc (sora-2) request id req_42 after 12 s',
      'HTTP 401 (invalid_api_key): Incorrect API key provided. Set a valid key with OPENAI_API_KEY',
      'provider openai-videos: base URL https://api.openai.com/v1, key set',
      'authorization failed at the gateway',
      'monkey=banana size=1280x720 seconds=8',
    ];
    for (const line of lines) assert.equal(redact(line), line);
  });
});
