/**
 * docs/providers.md and the code's catalog must say the same: one `<!-- catalog: id -->` table per provider (format
 * in catalogTables.ts), every model with the same lifecycle, durations, sizes, last frame, extras and date checked.
 * Change a provider file and its table together.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalogExport } from '../../../src/core/providers/registry';
import { catalogTable, parseCatalogTables, readmeProviderTable, readmeTableOf, rowOf } from './catalogTables';

const docPath = join(__dirname, '..', '..', '..', 'docs', 'providers.md');

describe('catalog vs docs/providers.md', () => {
  it('parses what it writes', () => {
    for (const provider of catalogExport()) {
      const parsed = parseCatalogTables(`<!-- catalog: ${provider.id} -->\n\n${catalogTable(provider)}\n`).get(
        provider.id,
      );
      assert.deepEqual(parsed, provider.models.map(rowOf), provider.id);
    }
  });

  it(
    'has one table per provider that agrees with the code',
    { skip: existsSync(docPath) ? false : 'docs/providers.md is not in this tree yet' },
    () => {
      const tables = parseCatalogTables(readFileSync(docPath, 'utf8'));
      for (const provider of catalogExport()) {
        if (provider.id === 'local') continue;
        const rows = tables.get(provider.id);
        assert.ok(
          rows,
          `docs/providers.md has no "<!-- catalog: ${provider.id} -->" table; paste this one:\n${catalogTable(provider)}`,
        );
        assert.deepEqual(
          rows,
          provider.models.map(rowOf),
          `docs/providers.md's ${provider.id} table differs from the code; the code's table:\n${catalogTable(provider)}`,
        );
      }
    },
  );
});

describe('catalog vs README.md', () => {
  it("README's provider table is the catalog's", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const expected = readmeProviderTable(catalogExport());
    assert.equal(
      readmeTableOf(readme),
      expected,
      `README.md's provider table differs from the code; the code's table:\n${expected}`,
    );
  });
});
