import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, formCsp } from '../../../../src/extension/form/csp';

describe('form CSP', () => {
  it('allows only the webview source, data: images and one nonce', () => {
    const csp = formCsp('vscode-webview://abc', 'N0nce');
    assert.equal(
      csp,
      "default-src 'none'; img-src vscode-webview://abc data:; style-src vscode-webview://abc; script-src 'nonce-N0nce'",
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('escapes HTML', () => {
    assert.equal(escapeHtml(`<b a="1">'&'</b>`), '&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
  });
});
