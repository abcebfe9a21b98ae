/**
 * The localiser for a locale (the LSP client's `initialize` locale, or the CLI's LC_ALL /
 * LC_MESSAGES / LANG): the catalogue is a chunk of its own (l10nCatalogue.ts), loaded only
 * for a language that has one, so an English start-up never reads it. The language server
 * and the CLI both start through this one loader.
 */
import { catalogueLanguage, english, type Localiser } from './core/l10n';

export async function loadLocaliser(locale: string | undefined): Promise<Localiser> {
  if (!catalogueLanguage(locale)) return english;
  return (await import('./l10nCatalogue.js')).localiserFor(locale);
}
