/**
 * What users read and what scripts read say the same: `animate-image providers --json` (the built CLI) against every
 * document with `<!-- catalog: id -->` tables (format in test/unit/catalog/catalogTables.ts). To hold another
 * document to it (the README's provider table), add its path to `documents`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import type { ExportedProvider } from '../../../src/core/providers/catalog';
import { catalogTable, parseCatalogTables, rowOf } from '../../unit/catalog/catalogTables';
import { runCli as run } from '../../helpers/cli';

/** Documents whose catalog tables must agree with `providers --json`; every provider but the offline renderer. */
const documents = ['docs/providers.md'];
const documented = (p: ExportedProvider) => p.id !== 'local';

describe('providers --json agrees with the documented catalog', () => {
  let exported: ExportedProvider[];
  let plain: string;
  before(async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-catalog-'));
    const json = await run(['providers', '--json'], { cwd });
    assert.equal(json.code, 0, json.stderr);
    exported = JSON.parse(json.stdout) as ExportedProvider[];
    const table = await run(['providers'], { cwd });
    assert.equal(table.code, 0, table.stderr);
    plain = table.stdout;
  });

  for (const document of documents) {
    const path = resolve(document);
    it(
      `${document}: one table per provider, row for row`,
      { skip: existsSync(path) ? false : `${document} is not in this tree` },
      () => {
        const tables = parseCatalogTables(readFileSync(path, 'utf8'));
        const ids = exported.filter(documented).map((p) => p.id);
        assert.deepEqual(
          [...tables.keys()].sort(),
          [...ids].sort(),
          `${document} has a table for exactly the providers of providers --json`,
        );
        for (const provider of exported.filter(documented)) {
          assert.deepEqual(
            tables.get(provider.id),
            provider.models.map(rowOf),
            `${document}'s ${provider.id} table differs from providers --json, which says:\n${catalogTable(provider)}`,
          );
        }
      },
    );
  }

  it('exports, for each model, id, lifecycle, sizes, seconds, last frame, extras and the date checked', () => {
    for (const provider of exported) {
      assert.ok(provider.models.length > 0, provider.id);
      for (const m of provider.models) {
        assert.match(m.lifecycle, /^(live|deprecated|retired)$/, `${provider.id}/${m.id}`);
        assert.match(m.checked, /^\d{4}-\d{2}-\d{2}$/, `${provider.id}/${m.id}`);
        assert.ok(
          m.sizes.length > 0 && m.seconds.length > 0 && typeof m.lastFrame === 'boolean' && Array.isArray(m.extras),
          `${provider.id}/${m.id}`,
        );
      }
    }
  });

  it('the plain table shows each model with its lifecycle and date checked, retired ones as not offered', () => {
    // One section per provider: its header line, then its models indented.
    const sections = new Map<string, string[]>();
    let current: string[] = [];
    for (const line of plain.trimEnd().split('\n')) {
      if (line.startsWith('  ')) current.push(line);
      else sections.set(line.split(' — ')[0] ?? '', (current = []));
    }
    assert.deepEqual(
      [...sections.keys()],
      exported.map((p) => p.id),
    );
    for (const provider of exported) {
      const lines = sections.get(provider.id) ?? [];
      assert.equal(lines.length, provider.models.length, provider.id);
      for (const m of provider.models) {
        const line = lines.find((l) => l.startsWith(`  ${m.id}  `) && l.includes(`, checked ${m.checked}`));
        assert.ok(line, `${provider.id}/${m.id} is listed with its date checked`);
        assert.ok(line.startsWith(`  ${m.id}  ${m.lifecycle}`), line);
        assert.equal(line.includes('(not offered)'), m.lifecycle === 'retired', line);
        assert.equal(line.includes('sizes '), m.lifecycle !== 'retired', `a retired model offers no sizes: ${line}`);
      }
    }
  });
});
