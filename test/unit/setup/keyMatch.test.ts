/**
 * Key/certificate mismatch for every key type: Ed25519 (PKCS#8 carries no
 * public key) and EC keys without their public half (SEC1 and PKCS#8,
 * `openssl ec -no_public`) get their public-key id derived, so a wrong key is
 * reported and the right one is not. Keys and certificates made by openssl.
 */
import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { lintFile, makePki, openssl, type Pki } from './helpers';
import { decodeFacts, decodeFactsWithKeyIds } from '../../../server/src/core/setup/certFacts';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

let pki: Pki;
let ca: { cert: string; key: string };

/** openssl commands that turn a fresh key file into one variant. */
const variants: Record<string, (out: string) => void> = {
  'Ed25519 (genpkey, PKCS#8)': (out) => void openssl(['genpkey', '-algorithm', 'ed25519', '-out', out]),
  'EC SEC1 with public key (ecparam -genkey -noout)': (out) => void openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', out]),
  'EC SEC1 without public key (ec -no_public)': (out) => {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${out}.full`]);
    openssl(['ec', '-in', `${out}.full`, '-no_public', '-out', out]);
  },
  'EC P-384 PKCS#8 without public key (ec -no_public | pkcs8 -topk8)': (out) => {
    openssl(['ecparam', '-name', 'secp384r1', '-genkey', '-noout', '-out', `${out}.full`]);
    openssl(['ec', '-in', `${out}.full`, '-no_public', '-out', `${out}.nopub`]);
    openssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${out}.nopub`, '-out', out]);
  },
  'EC PKCS#8 from SEC1 (pkcs8 -topk8)': (out) => {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${out}.sec1`]);
    openssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${out}.sec1`, '-out', out]);
  },
};

/** A certs directory `name/` with ca.crt and node.crt for `keyFile`'s key (the node.key written is `keyFile`). */
function certsDirFor(name: string, makeKey: (out: string) => void): { dir: string; key: string; cert: string } {
  const dir = pki.path(name);
  pki.write(`${name}/.keep`, '');
  const key = `${dir}/node.key`;
  makeKey(key);
  chmodSync(key, 0o600);
  writeFileSync(`${dir}/ca.crt`, readFileSync(ca.cert));
  openssl(['req', '-new', '-key', key, '-config', pki.path('.min.cnf'), '-subj', '/O=Cockroach/CN=node', '-out', `${dir}/node.csr`]);
  writeFileSync(`${dir}/node.ext`, 'subjectAltName = DNS:localhost,DNS:node\nextendedKeyUsage = serverAuth,clientAuth\nbasicConstraints = CA:FALSE\n');
  openssl(['x509', '-req', '-in', `${dir}/node.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '30', '-extfile', `${dir}/node.ext`, '-out', `${dir}/node.crt`]);
  return { dir, key, cert: `${dir}/node.crt` };
}

before(() => {
  pki = makePki('cw-keymatch-');
  ca = pki.ca({ cert: 'ca/ca.pem', key: 'ca/ca.key', cn: 'Cockroach CA' });
});
after(() => pki.cleanup());

describe('private key ↔ certificate match for every key type', () => {
  let i = 0;
  for (const [label, make] of Object.entries(variants)) {
    const n = i++;
    test(`${label}: the right key passes, another key of the same type is CRDB-026`, async () => {
      const { dir, key, cert } = certsDirFor(`v${n}`, make);
      // The derived id equals the certificate's public-key id.
      const certFacts = decodeFacts(cert, readFileSync(cert), { isFile: true, mode: undefined });
      const keyFacts = await decodeFactsWithKeyIds(key, readFileSync(key), { isFile: true, mode: 0o600 }, webcrypto as unknown as Parameters<typeof decodeFactsWithKeyIds>[3]);
      assert.equal(keyFacts.keys.length, 1);
      assert.equal(keyFacts.keys[0]!.publicKeyId, certFacts.certs[0]!.publicKeyId);

      const ok = await lintFile(key);
      assert.deepEqual(ok.byCode('CRDB-026'), [], JSON.stringify(ok.findings.map((f) => f.message)));

      // Replace the key with another one of the same kind: the mismatch is found, with the certificate as related location.
      make(`${dir}/other.pem`);
      writeFileSync(key, readFileSync(`${dir}/other.pem`));
      const bad = await lintFile(key);
      const [f, ...rest] = bad.byCode('CRDB-026');
      assert.equal(rest.length, 0);
      assert.match(f!.message, /node\.key is not the private key of node\.crt/);
      assert.equal(f!.related?.[0]?.file, cert);
      // No key material in the message.
      assert.doesNotMatch(f!.message, /BEGIN|PRIVATE KEY-----/);
    });
  }

  test('an encrypted key gets no derived id (it cannot be read) and is reported as encrypted, not as a mismatch', async () => {
    const { dir, key } = certsDirFor('enc', variants['Ed25519 (genpkey, PKCS#8)']!);
    openssl(['pkey', '-in', key, '-aes256', '-passout', 'pass:secret', '-out', `${dir}/enc.pem`]);
    writeFileSync(key, readFileSync(`${dir}/enc.pem`));
    const run = await lintFile(key);
    const [f] = run.byCode('CRDB-026');
    assert.match(f!.message, /encrypted/);
  });

  test('DM-019 (ssl-key is not the key of ssl-cert) for Ed25519 and public-less EC keys too', async () => {
    for (const [n, label] of [[0, 'Ed25519 (genpkey, PKCS#8)'], [1, 'EC SEC1 without public key (ec -no_public)']] as const) {
      const { dir, key } = certsDirFor(`dm${n}`, variants[label]!);
      const toml = pki.write(`dm${n}/dm-worker.toml`, 'name = "worker1"\nworker-addr = "0.0.0.0:8262"\nadvertise-addr = "127.0.0.1:8262"\njoin = "127.0.0.1:8261"\nssl-ca = "ca.crt"\nssl-cert = "node.crt"\nssl-key = "node.key"\n');
      const ok = await lintFile(toml);
      assert.deepEqual(ok.byCode('DM-019'), [], label);
      variants[label]!(`${dir}/other.pem`);
      writeFileSync(key, readFileSync(`${dir}/other.pem`));
      // A fresh environment: the shared one's CertStore reuses a read for 2 s (the host reports changes instead).
      const bad = await lintFile(toml, { env: nodeEnvironment() });
      const [f, ...rest] = bad.byCode('DM-019');
      assert.equal(rest.length, 0, label);
      assert.equal(bad.covered(f!), 'ssl-key', label);
    }
  });
});
