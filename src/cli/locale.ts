import zhCn from '../../l10n/bundle.l10n.zh-cn.json';
import type { Translations } from '../core/language';

/**
 * The translations a command-line locale asks for (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders
 * them): Simplified Chinese for any `zh` locale, else none (English).
 */
export function translationsForLocale(env: Readonly<Record<string, string | undefined>>): Translations {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_-]|$)/i.test(locale) ? zhCn : {};
}
