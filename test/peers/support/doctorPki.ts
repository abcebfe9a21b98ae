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
 *   dnsonly.crt / .key         serverAuth, SAN DNS:localhost only
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
  key('selfsigned');
  o('req', '-x509', '-new', '-key', 'selfsigned.key', '-subj', '/CN=selfsigned', '-days', '30', '-out', 'selfsigned.crt', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:FALSE');
  o('ca', '-config', 'ca.cnf', '-revoke', 'revoked.crt', '-crl_reason', 'keyCompromise');
  o('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'ca.crl');
  o('ca', '-config', 'ca.cnf', '-gencrl', '-crl_lastupdate', '20200101000000Z', '-crl_nextupdate', '20200201000000Z', '-out', 'stale.crl');
  write('bundle.crt', readFileSync(join(dir, 'ca.crt'), 'utf8') + readFileSync(join(dir, 'other-ca.crt'), 'utf8'));
  write('dm-worker.toml', 'name = "worker1"\n\n[security]\nssl-ca = "ca.crt"\nssl-cert = "server.crt"\nssl-key = "alice.key"\ncert-allowed-cn = ["dm"]\n');
  write('pg_hba.conf', 'hostssl all all 127.0.0.1/32 cert\n');
  for (const f of ['ca', 'other-ca', 'server', 'alice', 'bob', 'stranger', 'expired', 'revoked', 'clientonly', 'legacy', 'selfsigned', 'rogue', 'dnsonly']) chmodSync(join(dir, `${f}.key`), 0o600);
  return {
    dir,
    path: (name) => join(dir, name),
    read: (name) => readFileSync(join(dir, name)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
