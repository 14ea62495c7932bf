/** `animate-image providers`: the catalog as a table for people, or (`--json`) as the catalog export for scripts. */
import * as l10n from '@vscode/l10n';
import type { ExportedModel, ExportedProvider } from '../core/providers/catalog';

function lifecycleWord(lifecycle: ExportedModel['lifecycle']): string {
  switch (lifecycle) {
    case 'live':
      return l10n.t('live');
    case 'deprecated':
      return l10n.t('deprecated');
    case 'retired':
      return l10n.t('retired');
  }
}

/** "live", "deprecated 2026-08-23 → successor", "retired 2026-09-24 (not offered)". */
function lifecycleText(lifecycle: ExportedModel['lifecycle'], date: string | undefined, successor?: string): string {
  if (lifecycle === 'live') return lifecycleWord(lifecycle);
  return [
    lifecycleWord(lifecycle),
    date,
    successor ? `→ ${successor}` : '',
    lifecycle === 'retired' ? l10n.t('(not offered)') : '',
  ]
    .filter((p) => p)
    .join(' ');
}

function modelLine(m: ExportedModel): string {
  const facts =
    m.lifecycle === 'retired'
      ? ''
      : `: ${l10n.t(
          'sizes {0}; seconds {1}; last frame {2}; extras {3}',
          m.sizes.join(', '),
          m.seconds.join(', '),
          m.lastFrame ? l10n.t('yes') : l10n.t('no'),
          m.extras.join(', ') || l10n.t('none'),
        )}`;
  const checked = m.custom ? l10n.t('custom') : l10n.t('checked {0}', m.checked);
  return `  ${m.id}  ${lifecycleText(m.lifecycle, m.lifecycleDate, m.successor)}, ${checked}${facts}`;
}

export function providersTable(providers: readonly ExportedProvider[]): string {
  return providers
    .map((p) => {
      const key = p.needsKey ? l10n.t('key: {0}', p.keyEnv.join(' or ')) : l10n.t('no key');
      const state =
        p.lifecycle === 'live' ? '' : `, ${[lifecycleWord(p.lifecycle), p.lifecycleDate].filter((x) => x).join(' ')}`;
      const custom = p.acceptsCustomModels ? `, ${l10n.t('takes custom models')}` : '';
      return [`${p.id} — ${p.label} (${key}${state}${custom})`, ...p.models.map(modelLine)].join('\n');
    })
    .join('\n');
}
