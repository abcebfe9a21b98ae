/**
 * A workspace built to leak: an openssl.cnf whose values expand environment
 * variables holding canaries, and which includes a credentials-like file from
 * outside the workspace (a `key = value` line used by the config, a line that is
 * not `key = value` at all). `leaks(text)` finds any canary, whole or in part.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const canaryEnv: Record<string, string> = {
  CW_CANARY_KU: 'digitalSignature,cnryKuPart7Q',
  CW_CANARY_SAN: 'cnrySanWhole9Z',
  CW_CANARY_DIR: '/cnryDirPath4K',
};
/** Values of the outside file. */
export const outsideCanaries = ['cnryOutsideKey3W', 'cnryShadowLine8X'];
const parts = ['cnryKuPart7Q', 'cnrySanWhole9Z', 'cnryDirPath4K', ...outsideCanaries];

export function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return parts.filter((p) => lower.includes(p.toLowerCase()));
}

export interface CanaryWorkspace {
  readonly root: string;
  readonly outside: string;
  readonly cnfPath: string;
  readonly text: string;
  cleanup(): void;
}

export function canaryWorkspace(): CanaryWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'cw-canary-ws-'));
  const outside = mkdtempSync(join(tmpdir(), 'cw-canary-out-'));
  const creds = join(outside, 'credentials.cnf');
  writeFileSync(creds, `secret_eku = ${outsideCanaries[0]}\nroot:${outsideCanaries[1]}:19000:0:99999:7:::\n`);
  const text = [
    `.include ${creds}`,
    `.include $ENV::CW_CANARY_DIR/missing.cnf`,
    '[ req ]',
    'distinguished_name = dn',
    'x509_extensions = v3',
    '[ dn ]',
    'CN = x',
    '[ v3 ]',
    'keyUsage = $ENV::CW_CANARY_KU',
    'subjectAltName = $ENV::CW_CANARY_SAN',
    'extendedKeyUsage = $secret_eku',
    'nsComment = "$ENV::CW_CANARY_SAN',
    '',
  ].join('\n');
  const cnfPath = join(root, 'openssl.cnf');
  writeFileSync(cnfPath, text);
  return { root, outside, cnfPath, text, cleanup: () => [root, outside].forEach((d) => rmSync(d, { recursive: true, force: true })) };
}
