/**
 * Validity windows. A certificate never silently outlives its issuer: a leaf
 * whose requested validity ends after the CA's notAfter is refused with the
 * choices spelled out, unless the caller accepts the cap (`allowCapped`).
 */
import { BACKDATE_MS } from './certs';
import { IssueError } from './types';
import { formatDay, formatInstant } from '../format';
import { tr } from '../l10n';
import { dayMs, daysBetween } from '../pem/validity';

export interface Window {
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly warnings: readonly string[];
}

export interface IssuerWindow {
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const isoDay = (d: Date): string => formatDay(d);

/** A fresh window of `days` starting now (backdated for clock skew); no issuer to fit in (self-signed CAs). */
export function selfWindow(now: Date, days: number): Window {
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + days * dayMs), warnings: [] };
}

/**
 * The window of a certificate signed by `issuer`: starts no earlier than the issuer,
 * and ends at now + days — refused when that is past the issuer's notAfter unless
 * `allowCapped`, which shortens it to the issuer's notAfter with a warning.
 * `renewIssuer`: the command that renews the issuer, for the message.
 */
export function issuedWindow(now: Date, days: number, issuer: IssuerWindow, allowCapped: boolean | undefined, renewIssuer: string): Window {
  if (issuer.notAfter.getTime() <= now.getTime()) {
    throw new IssueError(tr`the CA certificate (${issuer.subject}) expired on ${formatInstant(issuer.notAfter)}; renew it first (same key, every certificate it issued keeps verifying): ${renewIssuer}`);
  }
  const own = selfWindow(now, days);
  const notBefore = own.notBefore < issuer.notBefore ? issuer.notBefore : own.notBefore;
  if (own.notAfter <= issuer.notAfter) return { notBefore, notAfter: own.notAfter, warnings: [] };
  const left = daysBetween(now, issuer.notAfter);
  const until = formatInstant(issuer.notAfter);
  if (allowCapped) return { notBefore, notAfter: issuer.notAfter, warnings: [tr`validity shortened to the CA's notAfter (${until}): this certificate expires together with the CA`] };
  // One line per choice: a front end translates the refusal line by line.
  throw new IssueError(
    [
      tr`a ${days}-day certificate would end on ${isoDay(own.notAfter)}, after the CA certificate (${issuer.subject}) expires on ${isoDay(issuer.notAfter)}; a certificate cannot outlive its CA. Choose one:`,
      ...(left >= 1 ? [tr`  - a shorter validity: --days ${left} or less`] : []),
      tr`  - renew the CA first (same key: every certificate it issued keeps verifying): ${renewIssuer}`,
      tr`  - or accept a certificate that expires with the CA: --allow-capped`,
    ].join('\n'),
  );
}
