/**
 * One TLS connection of a deployment, checked the way both ends check it: the
 * caller verifies the callee's certificate against the CAs it trusts (chain, and
 * serverAuth when the certificate lists extended key usages); the callee, when it
 * asks for a client certificate, verifies the caller's against its CAs (chain,
 * clientAuth). System-neutral: DM, CockroachDB and PostgreSQL put the verdicts
 * into their own words, on both files.
 */
import { ekuOids, hasEku, keyUsageBits, canSign, type CertFacts, type CertStore } from './certFacts';
import { tr } from '../l10n';

/** One end of a connection: the certificate it presents and the CAs it trusts. */
export interface TlsEnd {
  readonly cert?: CertFacts;
  /** Further certificates of the presented file (intermediates sent along). */
  readonly chain?: readonly CertFacts[];
  /** The CA certificates it verifies the other end against. */
  readonly trusted?: readonly CertFacts[];
}

export type EdgeProblem = 'server-chain' | 'client-chain' | 'server-eku' | 'client-eku' | 'server-ku' | 'client-ku';

/**
 * Who verifies a chain: `go` is Go 1.19's crypto/x509 (DM, CockroachDB, `cockroach sql`), which
 * uses no certificate ParseCertificate refuses (a CA pool skips it) and refuses every chain through
 * one with a critical extension it leaves unhandled (goRefuses, goVerifyRefuses: the verdicts
 * DM-017, DM-020 and CRDB-020 report on the file holding the certificate); `openssl` reads them,
 * and refuses every chain through one with an extension its verifier refuses (opensslVerifyRefuses).
 * Both let only a certificate that may sign (canSign: CA:TRUE, keyCertSign) issue another
 * ("invalid CA certificate"; Go's CheckSignatureFrom), trust anchors included.
 */
export type ChainVerifier = 'go' | 'openssl';

const usableBy = (verifier: ChainVerifier, c: CertFacts): boolean => (verifier === 'openssl' ? !c.opensslVerifyRefuses : !c.goRefuses && !c.goVerifyRefuses);

/**
 * Whether `leaf` chains (through `intermediates`) to a certificate of `roots` as `verifier` checks it
 * (signatures checked, depth ≤ 6). Issuers are found by name as each compares names (Go the bytes,
 * OpenSSL case and white space folded: opensslNameKey); a pathLenConstraint counts the intermediates
 * below it, self-issued ones too for Go and not for OpenSSL; Go checks no signature of an algorithm
 * it refuses (goSignatureRefusal: SHA-1, MD5, DSA), so no chain goes through such a certificate but
 * as the trust anchor. Where several intermediates could issue a certificate (a cross-signed CA),
 * OpenSSL 3.0's build_chain takes the first and fails if its path dead-ends ("unable to get local
 * issuer certificate"); Go's buildChains tries each in turn, within its budget of signature checks.
 */
export async function chainsTo(leaf: CertFacts, intermediates: readonly CertFacts[], roots: readonly CertFacts[], store: CertStore, verifier: ChainVerifier = 'openssl'): Promise<boolean> {
  if (!usableBy(verifier, leaf)) return false;
  // A self-signed certificate trusted as itself.
  if (roots.some((r) => r.id === leaf.id)) return true;
  const anchors = roots.filter((r) => canSign(r) && usableBy(verifier, r));
  const issuers = intermediates.filter((c) => canSign(c) && usableBy(verifier, c));
  const names = verifier === 'go' ? 'bytes' : 'openssl';
  const withinPathLen = (issuer: CertFacts, below: readonly CertFacts[]): boolean => issuer.pathLen === undefined || (verifier === 'go' ? below.length : below.filter((c) => !c.selfIssued).length) <= issuer.pathLen;
  let budget = goChainBudget;
  const from = async (current: CertFacts, below: readonly CertFacts[]): Promise<boolean> => {
    if (verifier === 'go' && current.goSignatureRefusal) return false;
    const anchor = await store.findIssuer(current, anchors, names);
    if (anchor) return withinPathLen(anchor, below);
    if (below.length >= maxIntermediates) return false;
    for await (const next of store.issuers(current, issuers, names)) {
      if (next !== current && !below.includes(next) && withinPathLen(next, below) && (await from(next, [...below, next]))) return true;
      // OpenSSL keeps to the first issuer it found; Go tries the next, while its budget lasts.
      if (verifier === 'openssl' || --budget <= 0) return false;
    }
    return false;
  };
  return from(leaf, []);
}

/** Six certificates at most, the leaf included. */
const maxIntermediates = 5;
/** Go 1.19's buildChains gives up after 100 signature checks (maxChainSignatureChecks); a path tried is at least one. */
const goChainBudget = 100;

/**
 * Whether Go refuses this chain and the verifying end's own CAs are why: it would chain but for a
 * CA of `roots` Go cannot use. That end's DM-017 or CRDB-020 names the CA already (one finding
 * per cause); a certificate Go refuses in the presented chain is still the edge's finding.
 */
export async function goRefusesOwnCa(leaf: CertFacts, intermediates: readonly CertFacts[], roots: readonly CertFacts[], store: CertStore): Promise<boolean> {
  if (!roots.some((r) => !usableBy('go', r))) return false;
  if (!usableBy('go', leaf) || intermediates.some((c) => !usableBy('go', c))) return false;
  return !(await chainsTo(leaf, intermediates, roots, store, 'go')) && (await chainsTo(leaf, intermediates, roots, store, 'openssl'));
}

/** Whether the verifying end refuses the chain: the edge's verdict, leaving a CA of its own that Go refuses to that end's own finding. */
export async function refuses(leaf: CertFacts, intermediates: readonly CertFacts[], roots: readonly CertFacts[], store: CertStore, verifier: ChainVerifier): Promise<boolean> {
  if (await chainsTo(leaf, intermediates, roots, store, verifier)) return false;
  return !(verifier === 'go' && (await goRefusesOwnCa(leaf, intermediates, roots, store)));
}

/** keyUsage bits OpenSSL 3.0's TLS purposes need one of (v3_purp.c: KU_TLS for a server, digitalSignature or keyAgreement for a client). */
const tlsKeyUsage = {
  server: keyUsageBits.digitalSignature | keyUsageBits.keyEncipherment | keyUsageBits.keyAgreement,
  client: keyUsageBits.digitalSignature | keyUsageBits.keyAgreement,
} as const;

/**
 * Whose purpose check judges a peer's certificate: a chain verifier's (ChainVerifier), or `java`,
 * JSSE's trust manager (pgJDBC), whose chain is built as OpenSSL's is for these checks.
 */
export type PurposeChecker = ChainVerifier | 'java';

/**
 * Why the verifying end refuses `cert` for TLS as a server or a client certificate, or undefined:
 * Go's Verify checks the extendedKeyUsage only (anyExtendedKeyUsage passes; keyUsage is not
 * checked); OpenSSL's ssl_server / ssl_client purpose, which libssl applies to every peer
 * certificate, refuses an extendedKeyUsage without the purpose (anyExtendedKeyUsage does not
 * count; the Netscape and Microsoft SGC purposes count for a server) and a keyUsage without a bit
 * the purpose needs ("unsuitable certificate purpose"); JSSE counts anyExtendedKeyUsage (and SGC for
 * a server) and needs digitalSignature in a keyUsage, which TLS 1.3's handshake signature uses
 * ("KeyUsage does not allow digital signatures").
 */
export function purposeRefusal(cert: CertFacts, role: 'server' | 'client', checker: PurposeChecker): 'eku' | 'ku' | undefined {
  const wanted = role === 'server' ? ekuOids.serverAuth : ekuOids.clientAuth;
  if (checker === 'go') return hasEku(cert, wanted) ? undefined : 'eku';
  const sgc = role === 'server' && !!cert.eku && (cert.eku.includes('nsSGC') || cert.eku.includes('msSGC'));
  if (checker === 'java') {
    // JSSE's end-entity check reads the keyUsage first.
    if (cert.keyUsage !== undefined && (cert.keyUsage & keyUsageBits.digitalSignature) === 0) return 'ku';
    return hasEku(cert, wanted) || sgc ? undefined : 'eku';
  }
  if (cert.eku && !cert.eku.includes(wanted) && !sgc) return 'eku';
  return cert.keyUsage !== undefined && (cert.keyUsage & tlsKeyUsage[role]) === 0 ? 'ku' : undefined;
}

/**
 * What fails on this connection. `verifyServer`: the caller checks the server's
 * chain (sslmode verify-ca/verify-full, Go with RootCAs); `clientCert`: the callee
 * verifies a client certificate the caller presents; `callerVerifier` / `calleeVerifier`: whose
 * chain verification each end runs (OpenSSL's by default), and whose purpose check (purposeRefusal;
 * `callerPurpose` where the caller's differs from its chain verifier's: pgJDBC's JSSE).
 */
export async function edgeProblems(caller: TlsEnd, callee: TlsEnd, opts: { verifyServer: boolean; clientCert: boolean; callerVerifier?: ChainVerifier; calleeVerifier?: ChainVerifier; callerPurpose?: PurposeChecker }, store: CertStore): Promise<EdgeProblem[]> {
  const out: EdgeProblem[] = [];
  const callerVerifier = opts.callerVerifier ?? 'openssl';
  const calleeVerifier = opts.calleeVerifier ?? 'openssl';
  if (callee.cert) {
    if (opts.verifyServer && caller.trusted?.length && (await refuses(callee.cert, callee.chain ?? [], caller.trusted, store, callerVerifier))) out.push('server-chain');
    const purpose = opts.verifyServer ? purposeRefusal(callee.cert, 'server', opts.callerPurpose ?? callerVerifier) : undefined;
    if (purpose) out.push(purpose === 'eku' ? 'server-eku' : 'server-ku');
  }
  if (caller.cert && opts.clientCert) {
    if (callee.trusted?.length && (await refuses(caller.cert, caller.chain ?? [], callee.trusted, store, calleeVerifier))) out.push('client-chain');
    const purpose = purposeRefusal(caller.cert, 'client', calleeVerifier);
    if (purpose) out.push(purpose === 'eku' ? 'client-eku' : 'client-ku');
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
