/**
 * A small, deliberately broken deployment made with the real `openssl` CLI, for
 * the TLS-doctor peer tests: the real programs fail on it, and `certwright
 * explain` must point at the file that causes each failure.
 *
 *   ca.crt / ca.key            the cluster CA (also in bundle.crt with other-ca.crt)
 *   other-ca.crt / .key        a second CA that nobody trusts
 *   server.crt / .key          serverAuth+clientAuth, SAN localhost, 127.0.0.1
 *   alice.crt / .key           clientAuth, CN=alice;  bob.crt / .key  CN=bob
 *   stranger.crt / .key        clientAuth, issued by other-ca
 *   expired.crt / .key         serverAuth, SAN localhost, 127.0.0.1, expired in 2020
 *   revoked.crt / .key         serverAuth, SAN localhost, listed in ca.crl
 *   clientonly.crt / .key      clientAuth only, SAN localhost
 *   legacy.crt / .key          CN=localhost, no SAN
 *   rogue.crt / .key           serverAuth, SAN localhost, 127.0.0.1, issued by other-ca
 *   dnsonly.crt / .key         serverAuth, SAN DNS:localhost only; iponly.crt: SAN IP:127.0.0.1 only
 *   future.crt / .key          not valid before 2099
 *   plroot → plinter → plleaf  a pathlen:0 root with one intermediate too many
 *   subleaf.crt                signed with server.key, as if server.crt were a CA
 *   server-key.der             server.key as DER
 *   certs/                     CockroachDB layout (ca.crt, node.crt, node.key mode 0644)
 *   selfsigned.crt / .key      self-signed server certificate, SAN localhost
 *   ca.crl                     CRL of ca (lists revoked.crt), stale.crl: nextUpdate in the past
 *   dm-worker.toml             ssl-ca = "ca.crt", ssl-cert = "server.crt" with ssl-key = "alice.key"
 *                              (the wrong key), cert-allowed-cn = ["dm"]
 *   pg_hba.conf                hostssl … cert
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DoctorPki {
  readonly dir: string;
  path(name: string): string;
  read(name: string): Buffer;
  cleanup(): void;
}

const caConfig = (name: string): string => `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${name}-db
database = $dir/index.txt
new_certs_dir = $dir
certificate = ${name}.crt
private_key = ${name}.key
crlnumber = $dir/crlnumber
default_md = sha256
default_crl_days = 30
policy = policy_any
rand_serial = yes
unique_subject = no
copy_extensions = copy
[ policy_any ]
commonName = supplied
`;

export function makeDoctorPki(): DoctorPki {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-doctor-'));
  const o = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  const key = (name: string): void => void o('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);

  const ca = (name: string, cn: string): void => {
    key(name);
    o('req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/O=Doctor Test/CN=${cn}`, '-days', '3650', '-out', `${name}.crt`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash');
    mkdirSync(join(dir, `${name}-db`));
    write(`${name}-db/index.txt`, '');
    write(`${name}-db/crlnumber`, '01\n');
    write(`${name}.cnf`, caConfig(name));
  };
  /** A leaf signed by `issuer` through `openssl ca` (so dates and the CA database are OpenSSL's own). */
  const leaf = (name: string, cn: string, issuer: string, ext: readonly string[], dates?: readonly [string, string]): void => {
    key(name);
    o('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`, ...ext.flatMap((e) => ['-addext', e]));
    o('ca', '-config', `${issuer}.cnf`, '-batch', '-notext', '-in', `${name}.csr`, '-out', `${name}.crt`,
      ...(dates ? ['-startdate', dates[0], '-enddate', dates[1]] : ['-days', '365']));
  };
  const server = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth,clientAuth'];
  const client = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'];

  ca('ca', 'Doctor CA');
  ca('other-ca', 'Other CA');
  leaf('server', 'server', 'ca', [...server, 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  leaf('alice', 'alice', 'ca', client);
  leaf('bob', 'bob', 'ca', client);
  leaf('stranger', 'stranger', 'other-ca', client);
  leaf('expired', 'expired', 'ca', [...server, 'subjectAltName=DNS:localhost,IP:127.0.0.1'], ['20200101000000Z', '20200201000000Z']);
  leaf('revoked', 'revoked', 'ca', [...server, 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  leaf('clientonly', 'clientonly', 'ca', [...client, 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  leaf('legacy', 'localhost', 'ca', server);
  leaf('rogue', 'rogue', 'other-ca', [...server, 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  leaf('dnsonly', 'dnsonly', 'ca', [...server, 'subjectAltName=DNS:localhost']);
  leaf('iponly', 'iponly', 'ca', [...server, 'subjectAltName=IP:127.0.0.1']);
  leaf('future', 'future', 'ca', [...server, 'subjectAltName=DNS:localhost,IP:127.0.0.1'], ['20990101000000Z', '20991231000000Z']);
  // A root with pathlen:0, an intermediate under it, a leaf under that: one CA too many.
  key('plroot');
  o('req', '-x509', '-new', '-key', 'plroot.key', '-subj', '/CN=Pathlen Root', '-days', '3650', '-out', 'plroot.crt',
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  write('ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  write('leaf.ext', 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const sign = (name: string, cn: string, issuer: string, extFile: string): void => {
    key(name);
    o('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    o('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-days', '30', '-extfile', extFile, '-out', `${name}.crt`);
  };
  sign('plinter', 'Pathlen Intermediate', 'plroot', 'ca.ext');
  sign('plleaf', 'pl-leaf', 'plinter', 'leaf.ext');
  // A leaf signed with another leaf's key, as if that leaf were a CA.
  sign('subleaf', 'subleaf', 'server', 'leaf.ext');
  o('pkey', '-in', 'server.key', '-outform', 'DER', '-out', 'server-key.der');
  // A CockroachDB certs directory whose node key others can read.
  mkdirSync(join(dir, 'certs'));
  for (const [from, to] of [['ca.crt', 'ca.crt'], ['server.crt', 'node.crt'], ['server.key', 'node.key']]) writeFileSync(join(dir, 'certs', to), readFileSync(join(dir, from!)));
  key('selfsigned');
  o('req', '-x509', '-new', '-key', 'selfsigned.key', '-subj', '/CN=selfsigned', '-days', '30', '-out', 'selfsigned.crt', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:FALSE');
  o('ca', '-config', 'ca.cnf', '-revoke', 'revoked.crt', '-crl_reason', 'keyCompromise');
  o('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'ca.crl');
  o('ca', '-config', 'ca.cnf', '-gencrl', '-crl_lastupdate', '20200101000000Z', '-crl_nextupdate', '20200201000000Z', '-out', 'stale.crl');
  write('bundle.crt', readFileSync(join(dir, 'ca.crt'), 'utf8') + readFileSync(join(dir, 'other-ca.crt'), 'utf8'));
  write('dm-worker.toml', 'name = "worker1"\n\n[security]\nssl-ca = "ca.crt"\nssl-cert = "server.crt"\nssl-key = "alice.key"\ncert-allowed-cn = ["dm"]\n');
  write('pg_hba.conf', 'hostssl all all 127.0.0.1/32 cert\n');
  for (const f of ['ca', 'other-ca', 'server', 'alice', 'bob', 'stranger', 'expired', 'revoked', 'clientonly', 'legacy', 'selfsigned', 'rogue', 'dnsonly', 'iponly', 'future', 'plroot', 'plinter', 'plleaf', 'subleaf']) chmodSync(join(dir, `${f}.key`), 0o600);
  chmodSync(join(dir, 'certs', 'node.key'), 0o644);
  return {
    dir,
    path: (name) => join(dir, name),
    read: (name) => readFileSync(join(dir, name)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
