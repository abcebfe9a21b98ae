/**
 * Why OpenSSL 3.0 cannot use a CRL, in its words: it cannot load it (an issuer value it cannot
 * read: core/pem/opensslName), or its check_crl_time refuses lastUpdate, then nextUpdate, not in
 * RFC 5280's form (a revocation date it never compares). `openssl verify -crl_check` then reports
 * that instead of "certificate revoked"; the tree and the PostgreSQL checks ask this.
 */
import type { CrlView } from './types';

export function opensslCrlRefusal(v: Pick<CrlView, 'nameRefusals' | 'timeProblems'>): string | undefined {
  if (opensslCannotLoadCrl(v)) return 'Could not read CRL';
  const t = v.timeProblems?.find((p) => p.field === 'thisUpdate') ?? v.timeProblems?.find((p) => p.field === 'nextUpdate');
  return t ? `format error in CRL's ${t.field === 'thisUpdate' ? 'lastUpdate' : 'nextUpdate'} field` : undefined;
}

/**
 * Whether OpenSSL cannot even load the CRL (its DER reader refuses it), rather than load it and
 * refuse to use it: a program that loads the file at start fails there (PostgreSQL 15: "FATAL:
 * could not load SSL certificate revocation list file", on a reload "SSL configuration was not
 * reloaded").
 */
export function opensslCannotLoadCrl(v: Pick<CrlView, 'nameRefusals'>): boolean {
  return v.nameRefusals?.some((r) => r.openssl) ?? false;
}
