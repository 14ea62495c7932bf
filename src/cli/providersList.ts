/** `animate-image providers`: the catalog as a table for people, or (`--json`) as the catalog export for scripts. */
import type { ExportedModel, ExportedProvider } from '../core/providers/catalog';

/** "live", "deprecated 2026-08-23 → successor", "retired 2026-09-24 (not offered)". */
function lifecycleText(lifecycle: ExportedModel['lifecycle'], date: string | undefined, successor?: string): string {
  if (lifecycle === 'live') return 'live';
  return [lifecycle, date, successor ? `→ ${successor}` : '', lifecycle === 'retired' ? '(not offered)' : '']
    .filter((p) => p)
    .join(' ');
}

function modelLine(m: ExportedModel): string {
  const facts =
    m.lifecycle === 'retired'
      ? ''
      : `: sizes ${m.sizes.join(', ')}; seconds ${m.seconds.join(', ')}; last frame ${m.lastFrame ? 'yes' : 'no'}; extras ${m.extras.join(', ') || 'none'}`;
  const checked = m.custom ? 'custom' : `checked ${m.checked}`;
  return `  ${m.id}  ${lifecycleText(m.lifecycle, m.lifecycleDate, m.successor)}, ${checked}${facts}`;
}

export function providersTable(providers: readonly ExportedProvider[]): string {
  return providers
    .map((p) => {
      const key = p.needsKey ? `key: ${p.keyEnv.join(' or ')}` : 'no key';
      const state = p.lifecycle === 'live' ? '' : `, ${[p.lifecycle, p.lifecycleDate].filter((x) => x).join(' ')}`;
      const custom = p.acceptsCustomModels ? ', takes custom models' : '';
      return [`${p.id} — ${p.label} (${key}${state}${custom})`, ...p.models.map(modelLine)].join('\n');
    })
    .join('\n');
}
