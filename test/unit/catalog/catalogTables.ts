/**
 * The catalog tables of docs/providers.md (format in the "Catalog tables" section there, marker
 * `<!-- catalog: PROVIDER-ID -->` before each): parsed for the drift test, and written from the code's catalog so a
 * maintainer can paste a table after changing a provider file.
 */
import type { ExportedModel, ExportedProvider } from '../../../src/core/providers/catalog';

export const TABLE_HEADER = ['model', 'lifecycle', 'seconds', 'sizes', 'last frame', 'extras', 'checked'] as const;

/** A model row reduced to comparable values (sets sorted, dates as written). */
export interface CatalogRow {
  readonly model: string;
  readonly lifecycle: string;
  readonly lifecycleDate?: string;
  readonly successor?: string;
  readonly seconds: readonly number[];
  readonly sizes: readonly string[];
  readonly lastFrame: boolean;
  readonly extras: readonly string[];
  readonly checked: string;
}

const sorted = <T>(values: readonly T[]): T[] => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function rowOf(model: ExportedModel): CatalogRow {
  return {
    model: model.id,
    lifecycle: model.lifecycle,
    ...(model.lifecycleDate ? { lifecycleDate: model.lifecycleDate } : {}),
    ...(model.successor ? { successor: model.successor } : {}),
    seconds: [...model.seconds].sort((a, b) => a - b),
    sizes: sorted(model.sizes),
    lastFrame: model.lastFrame,
    extras: sorted(model.extras),
    checked: model.checked,
  };
}

function secondsText(seconds: readonly number[]): string {
  const list = [...seconds].sort((a, b) => a - b);
  const first = list[0];
  const last = list[list.length - 1];
  const contiguous = first !== undefined && last !== undefined && list.length >= 3 && last - first + 1 === list.length;
  return contiguous ? `${first}–${last}` : list.join(', ');
}

function lifecycleText(model: ExportedModel): string {
  if (model.lifecycle === 'live') return 'live';
  return [model.lifecycle, model.lifecycleDate, model.successor ? `→ ${model.successor}` : '']
    .filter((p) => p)
    .join(' ');
}

/** The markdown table of one provider, rows in catalog order. */
export function catalogTable(provider: ExportedProvider): string {
  const lines = [`| ${TABLE_HEADER.join(' | ')} |`, `|${TABLE_HEADER.map(() => '---').join('|')}|`];
  for (const m of provider.models) {
    const cells = [
      `\`${m.id}\``,
      lifecycleText(m),
      secondsText(m.seconds),
      m.sizes.join(', '),
      m.lastFrame ? 'yes' : 'no',
      m.extras.join(', ') || '—',
      m.checked,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

function parseSeconds(text: string): number[] {
  const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(text);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  return text
    .split(',')
    .map((s) => Number(s.trim()))
    .sort((a, b) => a - b);
}

const list = (text: string): string[] =>
  text === '—' || text === '-' || text === ''
    ? []
    : text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s);

function parseRow(cells: readonly string[], where: string): CatalogRow {
  const [model = '', lifecycle = '', seconds = '', sizes = '', lastFrame = '', extras = '', checked = ''] = cells;
  const life = /^(live|deprecated|retired)(?:\s+(\d{4}-\d{2}-\d{2}))?(?:\s*(?:→|->)\s*`?([^`\s]+)`?)?$/.exec(lifecycle);
  if (!life)
    throw new Error(
      `${where}: lifecycle "${lifecycle}" is not live | deprecated DATE → successor | retired [DATE] [→ successor]`,
    );
  if (lastFrame !== 'yes' && lastFrame !== 'no')
    throw new Error(`${where}: last frame must be yes or no, got "${lastFrame}"`);
  return {
    model: model.replace(/`/g, ''),
    lifecycle: life[1] ?? '',
    ...(life[2] ? { lifecycleDate: life[2] } : {}),
    ...(life[3] ? { successor: life[3] } : {}),
    seconds: parseSeconds(seconds),
    sizes: sorted(list(sizes)),
    lastFrame: lastFrame === 'yes',
    extras: sorted(list(extras)),
    checked,
  };
}

/** Every `<!-- catalog: id -->` table of `markdown`, by provider id. Throws on a malformed table. */
export function parseCatalogTables(markdown: string): Map<string, CatalogRow[]> {
  const tables = new Map<string, CatalogRow[]>();
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const marker = /^<!--\s*catalog:\s*([\w.-]+)\s*-->$/.exec(lines[i]?.trim() ?? '');
    if (!marker?.[1]) continue;
    const id = marker[1];
    let j = i + 1;
    while (j < lines.length && lines[j]?.trim() === '') j += 1;
    const header = cellsOf(lines[j] ?? '');
    if (header.join('|') !== TABLE_HEADER.join('|'))
      throw new Error(
        `docs/providers.md line ${j + 1}: the ${id} table header must be | ${TABLE_HEADER.join(' | ')} |`,
      );
    j += 2; // header and separator
    const rows: CatalogRow[] = [];
    for (; j < lines.length && lines[j]?.trim().startsWith('|'); j += 1)
      rows.push(parseRow(cellsOf(lines[j] ?? ''), `docs/providers.md line ${j + 1}`));
    tables.set(id, rows);
  }
  return tables;
}

const code = (text: string): string => `\`${text}\``;

/** README's provider summary: one row per provider, written from the catalog (the drift test compares them). */
export function readmeProviderTable(providers: readonly ExportedProvider[]): string {
  const lines = [
    '| provider | key | models offered (✓ takes a last frame) | retired | checked |',
    '|---|---|---|---|---|',
  ];
  for (const p of providers) {
    const offered = p.models
      .filter((m) => m.lifecycle !== 'retired')
      .map((m) => `${code(m.id)}${m.lastFrame ? ' ✓' : ''}`);
    if (p.acceptsCustomModels) offered.push('custom models');
    const retired = p.models
      .filter((m) => m.lifecycle === 'retired')
      .map((m) => `${code(m.id)}${m.lifecycleDate ? ` (${m.lifecycleDate})` : ''}`);
    const checked =
      p.models
        .map((m) => m.checked)
        .filter((d) => d)
        .sort()
        .at(-1) ?? '—';
    const provider = `${code(p.id)} — ${p.label}`;
    const key = p.needsKey ? p.keyEnv.map(code).join(p.id === 'kling' ? ' + ' : ' or ') : 'none';
    lines.push(`| ${[provider, key, offered.join(', ') || '—', retired.join(', ') || '—', checked].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The table between `<!-- providers-table -->` and `<!-- /providers-table -->` in README.md. */
export function readmeTableOf(readme: string): string | undefined {
  return /<!-- providers-table -->\n([\s\S]*?)\n<!-- \/providers-table -->/.exec(readme)?.[1]?.trim();
}
