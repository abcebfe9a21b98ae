/**
 * Builds a small PKI with the real `openssl` CLI in a temporary folder, for the
 * PKI tests: a root, an intermediate, server/client/node leaves, a second CA
 * with the SAME subject name but another key, a revoked leaf (CRL), matched and
 * mismatched keys, a PKCS#7 bundle and a PKCS#12 file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const p12Password = 'test-only-pass';

export interface TestPki {
  readonly dir: string;
  path(name: string): string;
  read(name: string): Buffer;
  /** `openssl x509 -noout -fingerprint -sha256` of a certificate file, uppercase colon hex. */
  fingerprint(name: string): string;
  serial(name: string): string;
  cleanup(): void;
}

function openssl(cwd: string, args: string[], input?: string): string {
  return execFileSync('openssl', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-pki-'));
  const o = (...args: string[]): string => openssl(dir, args);
  const ext = (name: string, body: string): string => {
    writeFileSync(join(dir, name), body);
    return name;
  };
  const key = (name: string): void => void o('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
  const caExt = ext('ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n');
  const leafExt = (eku: string, san: string): string =>
    ext(`leaf-${eku.replace(/,/g, '-')}.ext`, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${eku}\nsubjectAltName=${san}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`);

  // Root (self-signed) and intermediate.
  key('root.key');
  o('req', '-new', '-x509', '-key', 'root.key', '-subj', '/O=Certwright Test/CN=Test Root CA', '-days', '3650', '-out', 'root.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const issue = (name: string, subj: string, ca: string, extFile: string, days = '365', serial?: string): void => {
    key(`${name}.key`);
    o('req', '-new', '-key', `${name}.key`, '-subj', subj, '-out', `${name}.csr`);
    o('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, ...(serial ? ['-set_serial', serial] : ['-CAcreateserial']), '-days', days, '-extfile', extFile, '-out', `${name}.crt`);
  };
  issue('inter', '/O=Certwright Test/CN=Test Intermediate CA', 'root', caExt, '1825');
  issue('server', '/CN=db.example.test', 'inter', leafExt('serverAuth', 'DNS:db.example.test,IP:127.0.0.1'));
  issue('client', '/CN=app-user', 'inter', leafExt('clientAuth', 'DNS:app-user'));
  issue('node', '/CN=node', 'inter', leafExt('serverAuth,clientAuth', 'DNS:node1.example.test'));
  issue('revoked', '/CN=revoked.example.test', 'inter', leafExt('serverAuth', 'DNS:revoked.example.test'), '365', '0x7E57');

  // A second "root" with exactly the same subject name but its own key, and a leaf it signed.
  key('evil-root.key');
  o('req', '-new', '-x509', '-key', 'evil-root.key', '-subj', '/O=Certwright Test/CN=Test Root CA', '-days', '3650', '-out', 'evil-root.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  issue('impostor', '/CN=impostor.example.test', 'evil-root', leafExt('serverAuth', 'DNS:impostor.example.test'));
  // A leaf without an AKI, signed by the second root: only the signature can tell which root issued it.
  issue('noaki', '/CN=noaki.example.test', 'evil-root', ext('noaki.ext', 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:noaki.example.test\nauthorityKeyIdentifier=none\nsubjectKeyIdentifier=none\n'));

  // Revoke one leaf with a CRL from the intermediate.
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'crlnumber'), '1000\n');
  ext('ca.cnf', `[ca]\ndefault_ca = ca_default\n[ca_default]\ndir = ${dir}\ndatabase = $dir/index.txt\ncertificate = $dir/inter.crt\nprivate_key = $dir/inter.key\ndefault_md = sha256\ndefault_crl_days = 30\ncrlnumber = $dir/crlnumber\ncrl_extensions = crl_ext\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n`);
  o('ca', '-config', 'ca.cnf', '-revoke', 'revoked.crt');
  o('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'inter.crl');

  // A key that does not match its certificate: replace client.key by a fresh key.
  rmSync(join(dir, 'client.key'));
  key('client.key');

  // Bundles: a PEM chain, a PKCS#7, a DER copy, a PKCS#12.
  writeFileSync(join(dir, 'chain.pem'), readFileSync(join(dir, 'server.crt'), 'utf8') + readFileSync(join(dir, 'inter.crt'), 'utf8'));
  o('crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-out', 'chain.p7b');
  o('crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', 'chain-der.p7c');
  o('x509', '-in', 'root.crt', '-outform', 'DER', '-out', 'root.der');
  o('pkcs12', '-export', '-in', 'node.crt', '-inkey', 'node.key', '-certfile', 'inter.crt', '-name', 'node cert', '-passout', `pass:${p12Password}`, '-out', 'node.p12');

  // Remove the openssl bookkeeping so the folder holds only PKI objects and their configs.
  for (const f of ['index.txt', 'index.txt.attr', 'index.txt.old', 'crlnumber', 'crlnumber.old', 'root.srl', 'inter.srl', 'evil-root.srl']) rmSync(join(dir, f), { force: true });

  return {
    dir,
    path: (name) => join(dir, name),
    read: (name) => readFileSync(join(dir, name)),
    fingerprint: (name) => o('x509', '-in', name, '-noout', '-fingerprint', '-sha256').trim().replace(/^.*=/, ''),
    serial: (name) => o('x509', '-in', name, '-noout', '-serial').trim().replace(/^serial=/, ''),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
