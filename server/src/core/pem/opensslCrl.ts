/**
 * Why OpenSSL 3.0 cannot use a CRL, in its words: it cannot load it (an issuer value it cannot
 * read: core/pem/opensslName), or its check_crl_time refuses lastUpdate, then nextUpdate, not in
 * RFC 5280's form (a revocation date it never compares). `openssl verify -crl_check` then reports
 * that instead of "certificate revoked"; the tree and the PostgreSQL checks ask this.
 */
import type { CrlView } from './types';

export function opensslCrlRefusal(v: Pick<CrlView, 'nameRefusals' | 'timeProblems'>): string | undefined {
  if (v.nameRefusals?.some((r) => r.openssl)) return 'Could not read CRL';
  const t = v.timeProblems?.find((p) => p.field === 'thisUpdate') ?? v.timeProblems?.find((p) => p.field === 'nextUpdate');
  return t ? `format error in CRL's ${t.field === 'thisUpdate' ? 'lastUpdate' : 'nextUpdate'} field` : undefined;
}
