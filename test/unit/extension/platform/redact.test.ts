import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../../../../src/extension/platform/redact';

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
