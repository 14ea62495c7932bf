import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerContext } from '../../../src/cli/environment';
import { AnimateError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/types';
import { credentialsInUrl } from '../../../src/core/providers/endpoints';
import { providerInfo } from '../../../src/core/providers/registry';

describe('base URLs never carry a key', () => {
  it('finds credentials in the user info or the query, naming the parameter but never its value', () => {
    assert.equal(credentialsInUrl('https://user:pw@gateway.example/v1'), 'a user name or password');
    assert.equal(credentialsInUrl('https://gateway.example/v1?api_key=abc'), 'a credential in its query ("api_key=…")');
    assert.equal(credentialsInUrl('https://gateway.example/v1?key=abc'), 'a credential in its query ("key=…")');
    assert.equal(
      credentialsInUrl('https://gateway.example/v1?x-api-key=abc'),
      'a credential in its query ("x-api-key=…")',
    );
    assert.equal(credentialsInUrl('https://fn.example/api?code=abc'), 'a credential in its query ("code=…")');
    assert.equal(credentialsInUrl('https://blob.example/c?sv=2024&sig=abc'), 'a credential in its query ("sig=…")');
    // An unknown name with a key-shaped value (a long run of letters and digits).
    assert.equal(
      credentialsInUrl('https://gateway.example/v1?t=sk-proj-4fA9x0Qm2ZbV7c1Lw8Rt'),
      'a credential in its query ("t=…")',
    );
    assert.equal(
      credentialsInUrl('https://res.example/?x=0123456789abcdef0123456789abcdef'),
      'a credential in its query ("x=…")',
    );
  });

  it("lets harmless URLs through, Azure's api-version query included", () => {
    for (const url of [
      'https://api.openai.com/v1',
      'https://res.openai.azure.com/?api-version=2025-04-01-preview',
      'https://gateway.example/v1?region=eu-west-1&tier=standard',
      'http://127.0.0.1:8080/v1/',
      'not a url',
    ]) {
      assert.equal(credentialsInUrl(url), undefined, url);
    }
  });

  it('the CLI refuses such a URL from --base-url or the environment, but resumes a job with the endpoint it was sent to', () => {
    const info = providerInfo('openai-videos');
    const env = { OPENAI_API_KEY: 'k' };
    const refused = (pattern: RegExp) => (error: unknown) =>
      error instanceof AnimateError &&
      error.kind === 'bad-input' &&
      pattern.test(error.message) &&
      !error.message.includes('s3cr3t');
    assert.throws(
      () => providerContext(info, 'https://gw.example/v1?api_key=s3cr3t', env, silentLogger),
      refused(
        /^--base-url must not contain a credential in its query \("api_key=…"\): it would be stored with the job\. Put the key in OPENAI_API_KEY instead\.$/,
      ),
    );
    assert.throws(
      () =>
        providerContext(info, undefined, { ...env, OPENAI_BASE_URL: 'https://me:s3cr3t@gw.example/v1' }, silentLogger),
      refused(/^The base URL in OPENAI_BASE_URL must not contain a user name or password/),
    );
    const azure = providerContext(
      providerInfo('azure-sora-jobs'),
      undefined,
      { AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://res.example/?api-version=preview' },
      silentLogger,
    );
    assert.equal(azure.baseUrl, 'https://res.example/?api-version=preview');
    const stored = 'https://gw.example/v1';
    assert.equal(
      providerContext(
        info,
        undefined,
        { ...env, OPENAI_BASE_URL: 'https://other.example/v1?key=s3cr3t' },
        silentLogger,
        stored,
      ).baseUrl,
      stored,
    );
  });
});

describe('base URL variables', () => {
  it('every provider reads <ID>_BASE_URL unless its docs name another variable', () => {
    const env = {
      RUNWAYML_API_SECRET: 'k',
      RUNWAY_BASE_URL: 'http://127.0.0.1:9/runway',
      COMFYUI_BASE_URL: 'http://127.0.0.1:9/comfy',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_API_KEY: 'k',
    };
    assert.equal(
      providerContext(providerInfo('runway'), undefined, env, silentLogger).baseUrl,
      'http://127.0.0.1:9/runway',
    );
    assert.equal(
      providerContext(providerInfo('comfyui'), undefined, env, silentLogger).baseUrl,
      'http://127.0.0.1:9/comfy',
    );
    assert.equal(
      providerContext(providerInfo('openai-videos'), undefined, env, silentLogger).baseUrl,
      'http://127.0.0.1:9/v1',
    );
    // The flag wins over the variable.
    assert.equal(
      providerContext(providerInfo('runway'), 'http://127.0.0.1:8', env, silentLogger).baseUrl,
      'http://127.0.0.1:8',
    );
  });
});
