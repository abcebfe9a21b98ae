/**
 * The language of `certwright`'s words: the locale POSIX gives messages (LC_ALL, then
 * LC_MESSAGES, then LANG; the first that is set and not empty), with the language
 * server's loader (server/src/l10nLoader.ts): C, POSIX, unset and every language without a
 * catalogue are English, and then no catalogue is loaded at all.
 */

export function cliLocale(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v) return v;
  }
  return undefined;
}
