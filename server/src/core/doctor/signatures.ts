/**
 * Which certificates of an inventory fail their signature check under the
 * workspace's CAs of the issuer's name: altered after signing, or issued by a CA
 * that was re-created with a new key. Async (WebCrypto, injected), bounded.
 */
import type { webcrypto } from 'node:crypto';
import { verifySignature } from '../pem';
import type { Inventory } from './inventory';

/** Signature checks per call: a workspace of thousands of certificates stays quick. */
const maxChecks = 2_000;

export async function withSignatureChecks(inv: Inventory, crypto: webcrypto.Crypto): Promise<Inventory> {
  const cas = inv.certs.filter((c) => c.view.basicConstraints?.ca && c.der);
  const bad = new Set<string>();
  let budget = maxChecks;
  for (const c of inv.certs) {
    if (!c.der || c.view.selfIssued) continue;
    const issuers = cas.filter((a) => a.view.subject.key === c.view.issuer.key).slice(0, 4);
    if (!issuers.length || (budget -= issuers.length) < 0) continue;
    const results = await Promise.all(issuers.map((a) => verifySignature(c.der!, a.der!, crypto)));
    if (results.every((r) => r === 'invalid')) bad.add(c.view.fingerprints.sha256);
  }
  return { ...inv, badSignatures: bad };
}
