/**
 * The language of `certwright`'s words: the locale POSIX gives messages (LC_ALL, then
 * LC_MESSAGES, then LANG; the first that is set and not empty), with the language
 * server's catalogue choice (core/l10n.ts catalogueLanguage). C, POSIX, unset and every
 * language without a catalogue are English, and then no catalogue is loaded at all:
 * the translations are a chunk of their own (server/src/l10nCatalogue.ts), read only for a
 * locale that has one, so English start-up costs nothing.
 */
import { catalogueLanguage, english, type Localiser } from '../core/l10n';

export function cliLocale(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v) return v;
  }
  return undefined;
}

export async function cliLocaliser(locale: string | undefined): Promise<Localiser> {
  if (!catalogueLanguage(locale)) return english;
  return (await import('../l10nCatalogue.js')).localiserFor(locale);
}
