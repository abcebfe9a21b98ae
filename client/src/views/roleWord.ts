/**
 * The role vocabulary of core/format.ts (`roleNames`), through the translation
 * function: one literal per role so scripts/l10n-export.ts finds them. A unit test
 * checks that in English they are exactly the core's words.
 */
import { english, type L10n } from '../l10nFormat';

export function roleWord(role: string | undefined, l10n: L10n = english): string {
  switch (role) {
    case 'ca':
      return l10n.t('root CA');
    case 'intermediate':
      return l10n.t('intermediate CA');
    case 'server':
      return l10n.t('server');
    case 'client':
      return l10n.t('client');
    case 'node':
      return l10n.t('server and client');
    default:
      return l10n.t('end entity');
  }
}
