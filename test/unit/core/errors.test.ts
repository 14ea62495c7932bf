import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AnimateError, errorMessage } from '../../../src/core/errors';

describe('errorMessage', () => {
  it("gives an Error's message, an error-like object's message, else the value as text", () => {
    assert.equal(errorMessage(new AnimateError('io', 'disk full')), 'disk full');
    assert.equal(errorMessage(new TypeError('bad')), 'bad');
    // Emscripten throws a bare ExitStatus object, not an Error.
    assert.equal(
      errorMessage({ name: 'ExitStatus', message: 'Program terminated with exit(1)' }),
      'Program terminated with exit(1)',
    );
    assert.equal(errorMessage('plain text'), 'plain text');
    assert.equal(errorMessage(42), '42');
    assert.equal(errorMessage(undefined), 'undefined');
    assert.equal(errorMessage(null), 'null');
    assert.equal(errorMessage({ message: 7 }), '[object Object]');
  });

  it('is the only place that turns a thrown value into text (src/core, src/cli, src/extension)', () => {
    const copies: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && /instanceof Error \? \w+\.message :/.test(readFileSync(path, 'utf8')))
          copies.push(path);
      }
    };
    for (const dir of ['src/core', 'src/cli', 'src/extension']) walk(dir);
    assert.deepEqual(copies, [], 'use errorMessage from src/core/errors.ts');
  });
});
