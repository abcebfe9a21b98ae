/**
 * A CA run by the real `openssl ca` in a temporary folder, laid out the way
 * operators deploy one: the CA's own state in `demoCA/` (index.txt, serial,
 * newcerts/<serial>.pem archive copies, cacert.pem), deployed copies of what
 * it issued under `certs/`, three certificates that share the CN `dm` in
 * three folders, and revocations: one published in a CRL (keyCompromise),
 * one recorded in index.txt after the CRL was made.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslCa {
  readonly dir: string;
  /** A CRL made after the second revocation, outside the workspace folder (absolute path). */
  readonly laterCrl: string;
  path(rel: string): string;
  read(rel: string): Buffer;
  /** `openssl verify -crl_check` of a deployed certificate with the CA and a CRL: OpenSSL's last line. */
  verify(rel: string, crl: string): string;
  fingerprint(rel: string): string;
  cleanup(): void;
}

export const caFiles = {
  ca: 'demoCA/cacert.pem',
  db: 'demoCA/index.txt',
  crl: 'crl/ca.crl',
  clientRoot: 'certs/client.root.crt',
  node: 'certs/node.crt',
  node2: 'certs/node2.crt',
  dm: ['dm-master/dm.pem', 'dm-worker/dm.pem', 'dm-client/dm.pem'],
} as const;

/** In a new temporary folder, or in `target` (an empty folder, e.g. in the integration workspace). */
export function makeOpensslCa(target?: string): OpensslCa {
  const dir = target ?? mkdtempSync(join(tmpdir(), 'certwright-ca-'));
  const outside = mkdtempSync(join(tmpdir(), 'certwright-ca-later-'));
  const laterCrl = join(outside, 'ca.crl');
  const o = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  for (const d of ['demoCA/newcerts', 'demoCA/private', 'certs', 'crl', 'dm-master', 'dm-worker', 'dm-client', 'req']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'demoCA/index.txt'), '');
  writeFileSync(join(dir, 'demoCA/serial'), '1000\n');
  writeFileSync(join(dir, 'demoCA/crlnumber'), '01\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ca]
default_ca = ca_default
[ca_default]
dir = ./demoCA
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/cacert.pem
private_key = $dir/private/cakey.pem
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 365
default_crl_days = 30
policy = policy_any
unique_subject = no
copy_extensions = copy
x509_extensions = leaf
crl_extensions = crl_ext
[policy_any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[crl_ext]
authorityKeyIdentifier = keyid:always
`,
  );
  o('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'demoCA/private/cakey.pem');
  o('req', '-new', '-x509', '-key', 'demoCA/private/cakey.pem', '-subj', '/O=Cluster/CN=Cluster CA', '-days', '3650', '-out', 'demoCA/cacert.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash');
  const issue = (cn: string, out: string): void => {
    const base = join('req', out.replace(/[\\/]/g, '_'));
    o('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${base}.key`);
    o('req', '-new', '-key', `${base}.key`, '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn}.cluster.test`, '-out', `${base}.csr`);
    o('ca', '-batch', '-config', 'ca.cnf', '-in', `${base}.csr`, '-out', `${base}.crt`, '-notext');
    // Deploy the issued certificate (openssl ca already archived its copy in newcerts/).
    copyFileSync(join(dir, `${base}.crt`), join(dir, out));
  };
  issue('root', caFiles.clientRoot);
  issue('node', caFiles.node);
  issue('node', caFiles.node2);
  for (const f of caFiles.dm) issue('dm', f);
  rmSync(join(dir, 'req'), { recursive: true, force: true });
  // Revoke client.root for keyCompromise and publish a CRL; then revoke node2 without publishing one.
  o('ca', '-config', 'ca.cnf', '-revoke', caFiles.clientRoot, '-crl_reason', 'keyCompromise');
  o('ca', '-config', 'ca.cnf', '-gencrl', '-out', caFiles.crl);
  o('ca', '-config', 'ca.cnf', '-revoke', caFiles.node2);
  o('ca', '-config', 'ca.cnf', '-gencrl', '-out', laterCrl);
  return {
    dir,
    laterCrl,
    path: (rel) => join(dir, rel),
    read: (rel) => readFileSync(join(dir, rel)),
    verify(rel, crl) {
      try {
        return o('verify', '-crl_check', '-CAfile', caFiles.ca, '-CRLfile', crl, rel).trim().split('\n').pop()!;
      } catch (err) {
        const e = err as { stdout?: Buffer; stderr?: Buffer };
        return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim();
      }
    },
    fingerprint: (rel) => o('x509', '-in', rel, '-noout', '-fingerprint', '-sha256').trim().replace(/^.*=/, ''),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    },
  };
}
