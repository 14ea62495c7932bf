/**
 * The language of the engine's own messages (errors, warnings). The core writes them in English through
 * `@vscode/l10n`'s `t`, so that `vscode-l10n-dev export` finds them; each shell hands it the translations of the
 * display language: the extension the bundle VS Code loaded for it, the CLI the one its locale asks for.
 */
import * as l10n from '@vscode/l10n';

export type Translations = Readonly<Record<string, string>>;

let current: Translations = {};

/** Use these translations for every later message; an empty set means English. */
export function useTranslations(translations: Translations): void {
  current = { ...translations };
  l10n.config({ contents: current });
}

/**
 * `read()` with every message and label in English, then the display language again: machine output (JSON for
 * scripts and MCP clients, the docs the drift tests compare) must not change with the user's locale.
 */
export function inEnglish<T>(read: () => T): T {
  if (Object.keys(current).length === 0) return read();
  l10n.config({ contents: {} });
  try {
    return read();
  } finally {
    l10n.config({ contents: current });
  }
}
