/**
 * A real TLS handshake for `certwright probe`: connects to HOST:PORT (speaking
 * PostgreSQL's SSLRequest first when asked), presents the client certificate,
 * and records what the server presented and said, for judgeProbe. Every step is
 * bounded by one timeout; nothing is sent beyond the handshake, except the
 * PostgreSQL StartupMessage that makes the server judge the client certificate.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { ProbeObservation } from '../core/doctor';

export interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  readonly servername?: string;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly postgres?: boolean;
  /** PostgreSQL user for the StartupMessage (default "postgres"). */
  readonly user?: string;
  readonly timeoutMs: number;
}

/** OpenSSL's codes for the alerts a server sends about the client's certificate (bad, unknown CA, expired, required, unknown, unsupported, revoked). */
const certificateAlert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(?:BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_EXPIRED|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED)$/;

const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

function startupMessage(user: string): Buffer {
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), Buffer.from(`user\0${user}\0database\0${user}\0\0`)]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length + 4);
  return Buffer.concat([len, body]);
}

/** The 'M' (message) field of a PostgreSQL ErrorResponse, with its severity. */
function pgError(msg: Buffer): string {
  const fields: Record<string, string> = {};
  let i = 5;
  while (i < msg.length && msg[i] !== 0) {
    const type = String.fromCharCode(msg[i]!);
    const end = msg.indexOf(0, i + 1);
    if (end < 0) break;
    fields[type] = msg.subarray(i + 1, end).toString('utf8');
    i = end + 1;
  }
  return `${fields.S ?? 'ERROR'}:  ${fields.M ?? 'unknown error'}`;
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { reason?: string };
  return [e.code, e.message].filter(Boolean).join(': ');
}

function chainOf(socket: TLSSocket): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  let c: PeerCertificate & { issuerCertificate?: PeerCertificate } = socket.getPeerCertificate(true);
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new Uint8Array(c.raw));
    c = c.issuerCertificate as typeof c;
  }
  return out;
}

/**
 * How long a TLS 1.3 server's silence after the handshake stands for acceptance of our certificate.
 * OpenSSL, Go and JSSE servers send their session tickets only after they have judged it, and an
 * alert instead of them: after a ticket, a short wait for a close (a Node.js server sends tickets
 * before it drops a client it refuses); without one, a longer wait, longer still when the
 * handshake itself was slow (a loaded JVM took over 500 ms to refuse).
 */
const quietAfterTicketMs = 500;
const quietWithoutTicketMs = 3000;
const quietPerHandshake = 4;

/** Connects, handshakes and reports; never throws, never waits longer than the timeout. */
export function probe(o: ProbeOptions): Promise<ProbeObservation> {
  const target = `${o.host}:${o.port}`;
  return new Promise((resolve) => {
    let done = false;
    // PostgreSQL first speaks in the clear: the TCP connection is ours, TLS is started on it.
    const raw: Socket | undefined = o.postgres ? netConnect({ host: o.host, port: o.port }) : undefined;
    let tls: TLSSocket | undefined;
    let grace: NodeJS.Timeout | undefined;
    const finish = (obs: ProbeObservation): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      tls?.destroy();
      raw?.destroy();
      resolve(obs);
    };
    const started = Date.now();
    const timer = setTimeout(() => finish({ target, reached: false, connectError: `timed out after ${o.timeoutMs} ms`, chain: [], accepted: false, clientCertSent: false }), o.timeoutMs);
    const servername = o.servername ?? (isIP(o.host) ? undefined : o.host);

    const handshake = (socket: Socket | undefined): void => {
      tls = tlsConnect({
        ...(socket ? { socket } : { host: o.host, port: o.port }),
        servername,
        ca: o.ca,
        cert: o.cert,
        key: o.key,
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
      });
      const t = tls;
      let observed: Omit<ProbeObservation, 'accepted' | 'peerError'> | undefined;
      let ticketed = false;
      /** Waits `ms` (within what is left of the timeout) for a verdict other than acceptance. */
      const quiet = (ms: number): void => {
        clearTimeout(grace);
        grace = setTimeout(() => observed && finish({ ...observed, accepted: true }), Math.min(ms, Math.max(0, o.timeoutMs - (Date.now() - started))));
      };
      t.on('session', () => {
        ticketed = true;
        if (observed && !o.postgres) quiet(quietAfterTicketMs);
      });
      t.once('secureConnect', () => {
        const peer = t.getPeerCertificate(false);
        const identity = peer && peer.raw ? checkServerIdentity(o.servername ?? o.host, peer) : undefined;
        const authErr = t.authorizationError as unknown as Error | string | null;
        observed = {
          target,
          reached: true,
          protocol: t.getProtocol() ?? undefined,
          chain: chainOf(t),
          verifyError: authErr ? (typeof authErr === 'string' ? authErr : errorText(authErr)) : undefined,
          nameError: identity ? errorText(identity) : undefined,
          clientCertSent: !!o.cert,
          caGiven: !!o.ca,
        };
        // PostgreSQL owes an answer to the StartupMessage (the overall timeout waits for it).
        if (o.postgres) return void t.write(startupMessage(o.user ?? 'postgres'));
        // TLS 1.3 servers judge the client certificate after the client thinks it is connected:
        // wait for the server's first bytes, an alert, a close, or a quiet period.
        clearTimeout(timer);
        quiet(ticketed ? quietAfterTicketMs : Math.max(quietWithoutTicketMs, quietPerHandshake * (Date.now() - started)));
      });
      let buffered = Buffer.alloc(0);
      t.on('data', (chunk: Buffer) => {
        if (!observed) return;
        if (!o.postgres) return finish({ ...observed, accepted: true });
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length < 5) return;
        const type = String.fromCharCode(buffered[0]!);
        const len = buffered.readUInt32BE(1);
        if (type === 'E' && buffered.length >= len + 1) finish({ ...observed, accepted: false, peerError: pgError(buffered.subarray(0, len + 1)) });
        else if (type !== 'E') finish({ ...observed, accepted: true });
      });
      t.on('error', (err) => {
        if (observed) return finish({ ...observed, accepted: false, peerError: errorText(err) });
        // An alert about our certificate inside the handshake (TLS 1.2): the server was reached and judged us.
        if (certificateAlert.test((err as NodeJS.ErrnoException).code ?? '')) {
          return finish({ target, reached: true, refusedInHandshake: true, protocol: t.getProtocol() ?? undefined, chain: chainOf(t), peerError: errorText(err), accepted: false, clientCertSent: !!o.cert, caGiven: !!o.ca });
        }
        finish({ target, reached: false, connectError: errorText(err), chain: [], accepted: false, clientCertSent: !!o.cert });
      });
      // A server that closes at once without a word has refused us (Node.js servers refuse a client
      // certificate that way, without an alert); PostgreSQL owes an answer to the StartupMessage.
      t.on('end', () => observed && finish({ ...observed, accepted: false, peerError: o.postgres ? 'the server closed the connection without answering the StartupMessage' : 'the server closed the connection right after the handshake without sending anything (some servers, Node.js among them, refuse a client certificate that way, without an alert)' }));
    };

    if (!raw) return handshake(undefined);
    raw.once('error', (err) => finish({ target, reached: false, connectError: errorText(err), chain: [], accepted: false, clientCertSent: false }));
    raw.once('connect', () => raw.write(sslRequest));
    raw.once('data', (b: Buffer) => {
      if (b[0] === 0x53) handshake(raw);
      else finish({ target, reached: false, connectError: 'the server does not accept SSL connections (it answered N to SSLRequest)', chain: [], accepted: false, clientCertSent: false });
    });
  });
}
