/**
 * PKCS#12 files made by the real tool for the event-loop tests: a legacy one
 * (PBE-SHA1-3DES for key and certificates, SHA-1 MAC) whose key derivation is
 * the slow RFC 7292 loop, at a chosen iteration count.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const heavyPassword = 'heavy-pass';

export function makePkcs12(dir: string, name: string, iterations: number, legacy = true): string {
  const o = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  o('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${name}`, '-days', '30');
  const pbe = legacy ? ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES'] : [];
  o('pkcs12', '-export', '-in', `${name}.crt`, '-inkey', `${name}.key`, '-passout', `pass:${heavyPassword}`, '-iter', String(iterations), ...pbe, '-out', `${name}.p12`);
  return join(dir, `${name}.p12`);
}
