/**
 * A CRL of many entries made by the real tool: a throwaway CA, an index.txt of
 * `count` revoked serials, `openssl ca -gencrl` (about a second for 100,000).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function makeBigCrl(dir: string, count: number): string {
  const o = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  o('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Big CRL CA', '-days', '3650');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`R\t301231235959Z\t240101000000Z,keyCompromise\t${(0x100000 + i).toString(16).toUpperCase()}\tunknown\t/CN=leaf${i}`);
  writeFileSync(join(dir, 'index.txt'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'crlnumber'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    ['[ ca ]', 'default_ca = c', '[ c ]', 'database = index.txt', 'crlnumber = crlnumber', 'certificate = ca.crt', 'private_key = ca.key', 'default_md = sha256', 'default_crl_days = 30', ''].join('\n'),
  );
  o('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'big.crl');
  return join(dir, 'big.crl');
}
