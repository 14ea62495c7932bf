/**
 * The language of the engine's own messages (errors, warnings). The core writes them in English through
 * `@vscode/l10n`'s `t`, so that `vscode-l10n-dev export` finds them; each shell hands it the translations of the
 * display language: the extension the bundle VS Code loaded for it, the CLI the one its locale asks for.
 */
import * as l10n from '@vscode/l10n';

export type Translations = Readonly<Record<string, string>>;

/** Use these translations for every later message; an empty set means English. */
export function useTranslations(translations: Translations): void {
  l10n.config({ contents: { ...translations } });
}
