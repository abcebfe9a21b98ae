/**
 * The verdict on a probed TLS connection, in the same words as `explain`: what
 * the server presented, whether it verifies against the chosen CA, whether the
 * name matches, whether our client certificate was accepted. Pure: the host
 * performs the handshake and hands in what it saw.
 */
import { decodeDer, type CertificateView } from '../pem';
import { explain, type Explanation } from './explain';
import type { Cause } from './catalog';
import type { Inventory } from './inventory';
import { tr } from '../l10n';

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
  /**
   * The server ended the handshake with an alert about our certificate (TLS 1.2 servers
   * judge it inside the handshake): it was reached, but its chain and name were not judged.
   */
  readonly refusedInHandshake?: boolean;
}

/** The client certificate the probe presented, where the user keeps it. */
export interface ProbeClientCert {
  readonly file: string;
  readonly view: CertificateView;
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
  const from = v.notBefore.slice(0, 10);
  const to = v.notAfter.slice(0, 10);
  return sans.length ? tr`${v.subject.text} (issuer ${v.issuer.text}; SAN ${sans.join(', ')}; valid ${from} to ${to})` : tr`${v.subject.text} (issuer ${v.issuer.text}; valid ${from} to ${to})`;
}

/**
 * The workspace as seen from the server's refusal of our certificate: its CAs and
 * the one certificate we presented, so the answer is about that file, not every leaf.
 */
function presentedOnly(inv: Inventory, client: ProbeClientCert): Inventory {
  const own = inv.certs.filter((c) => c.view.fingerprints.sha256 === client.view.fingerprints.sha256);
  return { ...inv, certs: [...inv.certs.filter((c) => c.view.basicConstraints?.ca), ...(own.length ? own : [{ file: client.file, line: 0, format: 'pem' as const, view: client.view }])] };
}

/** Causes that are about the certificate we presented (others, like a CN that is not the user, need the whole workspace). */
const aboutOurCert = new Set<Cause>(['peer-rejected-client-cert', 'peer-unknown-ca', 'peer-cert-expired']);

/** The server's complaint explained; complaints about our certificate are explained about that file alone. */
function explainPeer(text: string, inv: Inventory, now: Date, client: ProbeClientCert | undefined): readonly Explanation[] {
  if (!client) return explain(text, inv, now).explanations;
  let ours: Inventory | undefined;
  return explain(text, inv, now, (cause) => (aboutOurCert.has(cause) ? (ours ??= presentedOnly(inv, client)) : inv)).explanations;
}

/** The peer's own error text stays as its library wrote it: it is an argument, never part of a template. */
function refusedInHandshake(clientCertSent: boolean, peerError: string | undefined): string {
  if (clientCertSent) return peerError ? tr`the server refused our client certificate during the handshake: ${peerError}` : tr`the server refused our client certificate during the handshake: no reason given`;
  return peerError ? tr`the server refused our connection without a client certificate during the handshake: ${peerError}` : tr`the server refused our connection without a client certificate during the handshake: no reason given`;
}

function chainCheck(o: ProbeObservation): string {
  if (o.verifyError) return o.caGiven ? tr`the server's chain does not verify against the CA given: ${o.verifyError}` : tr`the server's chain does not verify against the default trust store (no --ca given): ${o.verifyError}`;
  return o.caGiven ? tr`the server's chain verifies against the CA given` : tr`the server's chain verifies against the default trust store (no --ca given)`;
}

export function judgeProbe(o: ProbeObservation, inv: Inventory, now: Date, client?: ProbeClientCert): ProbeVerdict {
  if (!o.reached) {
    const explained = o.connectError ? explain(o.connectError, inv, now).explanations : [];
    return { ok: false, status: explained.length ? 'problem' : 'unreachable', presented: [], checks: [{ name: 'reach', ok: false, text: o.connectError ? tr`could not connect to ${o.target}: ${o.connectError}` : tr`could not connect to ${o.target}: no answer` }], explanations: explained };
  }
  const presented = o.chain.map((der) => {
    const d = decodeDer(der, 'certificate');
    return d.ok && d.view.kind === 'certificate' ? describe(d.view) : tr`(a certificate that does not decode: ${d.ok ? d.view.kind : d.message})`;
  });
  if (o.refusedInHandshake) {
    const checks: ProbeCheck[] = [
      { name: 'reach', ok: true, text: tr`connected to ${o.target}; the server ended the handshake before its chain and name could be judged` },
      { name: 'client', ok: false, text: refusedInHandshake(o.clientCertSent, o.peerError) },
    ];
    return { ok: false, status: 'problem', presented, checks, explanations: o.peerError ? explainPeer(o.peerError, inv, now, client) : [] };
  }
  const checks: ProbeCheck[] = [
    { name: 'reach', ok: true, text: o.protocol ? tr`connected to ${o.target} (${o.protocol})` : tr`connected to ${o.target}` },
    { name: 'chain', ok: !o.verifyError, text: chainCheck(o) },
    { name: 'name', ok: !o.nameError, text: o.nameError ? tr`the name does not match: ${o.nameError}` : tr`the server certificate names the host dialled` },
    {
      name: 'client',
      ok: o.accepted && !o.peerError,
      text: o.peerError
        ? tr`the server refused the connection after the handshake: ${o.peerError}`
        : o.clientCertSent
          ? tr`the server accepted our client certificate`
          : tr`no client certificate was sent, and the server did not ask for one`,
    },
  ];
  const explanations = [
    ...[o.verifyError, o.nameError].filter((t): t is string => !!t).flatMap((t) => explain(t, inv, now).explanations),
    ...(o.peerError ? explainPeer(o.peerError, inv, now, client) : []),
  ];
  const ok = checks.every((c) => c.ok);
  return { ok, status: ok ? 'ok' : 'problem', presented, checks, explanations };
}
