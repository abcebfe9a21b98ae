/**
 * One TLS connection of a deployment, checked the way both ends check it: the
 * caller verifies the callee's certificate against the CAs it trusts (chain, and
 * serverAuth when the certificate lists extended key usages); the callee, when it
 * asks for a client certificate, verifies the caller's against its CAs (chain,
 * clientAuth). System-neutral: DM, CockroachDB and PostgreSQL put the verdicts
 * into their own words, on both files.
 */
import { canSign, ekuOids, hasEku, type CertFacts, type CertStore } from './certFacts';
import { tr } from '../l10n';

/** One end of a connection: the certificate it presents and the CAs it trusts. */
export interface TlsEnd {
  readonly cert?: CertFacts;
  /** Further certificates of the presented file (intermediates sent along). */
  readonly chain?: readonly CertFacts[];
  /** The CA certificates it verifies the other end against. */
  readonly trusted?: readonly CertFacts[];
}

export type EdgeProblem = 'server-chain' | 'client-chain' | 'server-eku' | 'client-eku';

/** Whether `leaf` chains (through `intermediates`) to a certificate of `roots` (signatures checked, depth ≤ 6). */
export async function chainsTo(leaf: CertFacts, intermediates: readonly CertFacts[], roots: readonly CertFacts[], store: CertStore): Promise<boolean> {
  // A self-signed certificate trusted as itself.
  if (roots.some((r) => r.id === leaf.id)) return true;
  let current = leaf;
  for (let depth = 0; depth < 6; depth++) {
    if (await store.findIssuer(current, roots)) return true;
    const next = await store.findIssuer(current, intermediates.filter(canSign));
    if (!next || next === current) return false;
    current = next;
  }
  return false;
}

/**
 * What fails on this connection. `verifyServer`: the caller checks the server's
 * chain (sslmode verify-ca/verify-full, Go with RootCAs); `clientCert`: the callee
 * verifies a client certificate the caller presents.
 */
export async function edgeProblems(caller: TlsEnd, callee: TlsEnd, opts: { verifyServer: boolean; clientCert: boolean }, store: CertStore): Promise<EdgeProblem[]> {
  const out: EdgeProblem[] = [];
  if (callee.cert) {
    if (opts.verifyServer && caller.trusted?.length && !(await chainsTo(callee.cert, callee.chain ?? [], caller.trusted, store))) out.push('server-chain');
    if (opts.verifyServer && !hasEku(callee.cert, ekuOids.serverAuth)) out.push('server-eku');
  }
  if (caller.cert && opts.clientCert) {
    if (callee.trusted?.length && !(await chainsTo(caller.cert, caller.chain ?? [], callee.trusted, store))) out.push('client-chain');
    if (!hasEku(caller.cert, ekuOids.clientAuth)) out.push('client-eku');
  }
  return out;
}

/** A short name of a certificate for messages. */
export function certName(c: CertFacts): string {
  return c.subject || tr`(empty subject)`;
}

/** What the certificate is valid for (its SANs), for messages. */
export function validFor(c: CertFacts): string {
  const names = [...c.dnsNames, ...c.ipAddresses];
  return names.length ? names.join(', ') : tr`(no subjectAltName)`;
}

/** The data a finding carries for the "re-issue with this SAN / CN" code action. */
export function reissue(cert: string, what: { san?: string; cn?: string }): { reissue: { cert: string; san?: string; cn?: string } } {
  return { reissue: { cert, ...what } };
}
