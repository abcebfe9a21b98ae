/**
 * The server's translations (server/l10n/messages.zh-cn.json), a chunk of their own: the
 * language server loads it at `initialize` and the CLI at start-up (l10nLoader.ts) only for a language that has one, so an English start-up never reads it.
 */
import { catalogueLanguage, english, localiser, type Localiser } from './core/l10n';
import zhCn from '../l10n/messages.zh-cn.json';

export { zhCn };

/** The localiser for a locale tag (LSP `initialize` params.locale, or LANG in the CLI); English when none fits. */
export function localiserFor(locale: string | undefined): Localiser {
  return catalogueLanguage(locale) === 'zh-cn' ? localiser('zh-cn', zhCn) : english;
}
