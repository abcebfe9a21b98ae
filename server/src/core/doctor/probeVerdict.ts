/**
 * The verdict on a probed TLS connection, in the same words as `explain`: what
 * the server presented, whether it verifies against the chosen CA, whether the
 * name matches, whether our client certificate was accepted. Pure: the host
 * performs the handshake and hands in what it saw.
 */
import { decodeDer, type CertificateView } from '../pem';
import { explain, type Explanation } from './explain';
import type { Inventory } from './inventory';

/** What the host saw while connecting. Error texts are the peer library's own (code and message). */
export interface ProbeObservation {
  readonly target: string;
  /** False when no TCP (or no TLS) connection could be made; `connectError` says why. */
  readonly reached: boolean;
  readonly connectError?: string;
  readonly protocol?: string;
  /** The server's certificates as presented, leaf first (DER). */
  readonly chain: readonly Uint8Array[];
  /** Chain verification against the chosen CA (undefined = verified). */
  readonly verifyError?: string;
  /** Host-name verification (undefined = the name matches). */
  readonly nameError?: string;
  /** What the server said after the handshake: an alert, or the PostgreSQL error response. */
  readonly peerError?: string;
  /** The server went on after the handshake (PostgreSQL asked for authentication, or no alert came). */
  readonly accepted: boolean;
  readonly clientCertSent: boolean;
  /** A CA was given; otherwise the chain was checked against Node's default trust store. */
  readonly caGiven?: boolean;
}

export interface ProbeCheck {
  readonly name: 'reach' | 'chain' | 'name' | 'client';
  readonly ok: boolean;
  readonly text: string;
}

export interface ProbeVerdict {
  readonly ok: boolean;
  /** 'unreachable' when no connection could be made: exit status 2 in the CLI. */
  readonly status: 'ok' | 'problem' | 'unreachable';
  readonly presented: readonly string[];
  readonly checks: readonly ProbeCheck[];
  /** Each problem explained against the workspace, as `explain` would. */
  readonly explanations: readonly Explanation[];
}

function describe(v: CertificateView): string {
  const sans = v.subjectAltNames.filter((g) => g.type === 'dns' || g.type === 'ip').map((g) => g.value);
  return `${v.subject.text} (issuer ${v.issuer.text}${sans.length ? `; SAN ${sans.join(', ')}` : ''}; valid ${v.notBefore.slice(0, 10)} to ${v.notAfter.slice(0, 10)})`;
}

export function judgeProbe(o: ProbeObservation, inv: Inventory, now: Date): ProbeVerdict {
  if (!o.reached) {
    const explained = o.connectError ? explain(o.connectError, inv, now).explanations : [];
    return { ok: false, status: explained.length ? 'problem' : 'unreachable', presented: [], checks: [{ name: 'reach', ok: false, text: `could not connect to ${o.target}: ${o.connectError ?? 'no answer'}` }], explanations: explained };
  }
  const presented = o.chain.map((der) => {
    const d = decodeDer(der, 'certificate');
    return d.ok && d.view.kind === 'certificate' ? describe(d.view) : `(a certificate that does not decode: ${d.ok ? d.view.kind : d.message})`;
  });
  const checks: ProbeCheck[] = [
    { name: 'reach', ok: true, text: `connected to ${o.target}${o.protocol ? ` (${o.protocol})` : ''}` },
    { name: 'chain', ok: !o.verifyError, text: `the server's chain ${o.verifyError ? 'does not verify' : 'verifies'} against ${o.caGiven ? 'the CA given' : 'the default trust store (no --ca given)'}${o.verifyError ? `: ${o.verifyError}` : ''}` },
    { name: 'name', ok: !o.nameError, text: o.nameError ? `the name does not match: ${o.nameError}` : 'the server certificate names the host dialled' },
    {
      name: 'client',
      ok: o.accepted && !o.peerError,
      text: o.peerError
        ? `the server refused the connection after the handshake: ${o.peerError}`
        : o.clientCertSent
          ? 'the server accepted our client certificate'
          : 'no client certificate was sent, and the server did not ask for one',
    },
  ];
  const explanations = [o.verifyError, o.nameError, o.peerError].filter((t): t is string => !!t).flatMap((t) => explain(t, inv, now).explanations);
  const ok = checks.every((c) => c.ok);
  return { ok, status: ok ? 'ok' : 'problem', presented, checks, explanations };
}
