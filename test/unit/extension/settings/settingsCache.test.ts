import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParsedOnce } from '../../../../src/extension/settings/settingsCache';
import { parseSettings, type Settings } from '../../../../src/extension/settings/settingsSchema';
import { providerIds } from '../../../../src/core/providers/registry';

describe('settings parsed once per change', () => {
  it('parses on the first read only, and again after a change invalidates it', () => {
    const stored: Record<string, unknown> = { concurrency: 2 };
    let parses = 0;
    const settings = new ParsedOnce<Settings>(() => {
      parses += 1;
      return parseSettings((key) => stored[key], providerIds).settings;
    });
    assert.equal(parses, 0, 'nothing parsed before it is read');
    for (let i = 0; i < 6; i++) assert.equal(settings.read().concurrency, 2);
    assert.equal(parses, 1);

    stored.concurrency = 5;
    assert.equal(settings.read().concurrency, 2, 'a change is seen once it is signalled');
    settings.invalidate();
    assert.equal(settings.read().concurrency, 5);
    assert.equal(settings.read().concurrency, 5);
    assert.equal(parses, 2);
  });
});
