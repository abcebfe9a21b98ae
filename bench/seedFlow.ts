/**
 * The CockroachDB seed flow (CA + 3 node certificates + 2 client certificates) the
 * issuing benchmarks compare: as Certwright operations, and as the openssl CLI recipe
 * (17 openssl processes: genpkey + req -x509 for the CA; genpkey + req + x509 -req per
 * leaf; modelled on CockroachDB's "Create Security Certificates using OpenSSL").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IssueOperation, KeyType } from '../server/src/core/issue';

/** The openssl recipe as a shell script (one bash process running 17 openssl processes). */
export const RECIPE = [
  '#!/bin/bash',
  'set -euo pipefail',
  'ALG=$1; D=$2',
  'rm -rf "$D"; mkdir -p "$D/certs" "$D/my-safe-directory"; chmod 700 "$D/certs" "$D/my-safe-directory"',
  'cd "$D"',
  'genkey() {',
  '  if [ "$ALG" = p256 ]; then openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"',
  '  else openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; fi',
  '  chmod 600 "$1"',
  '}',
  "printf '%s\\n' '[ req ]' 'prompt = no' 'distinguished_name = dn' 'x509_extensions = v3_ca' '[ dn ]' 'O = Cockroach' 'CN = Cockroach CA' '[ v3_ca ]' 'basicConstraints = critical, CA:TRUE, pathlen:1' 'keyUsage = critical, keyCertSign, cRLSign, digitalSignature' 'subjectKeyIdentifier = hash' 'authorityKeyIdentifier = keyid:always' > ca.cnf",
  'genkey my-safe-directory/ca.key',
  'openssl req -new -x509 -config ca.cnf -key my-safe-directory/ca.key -days 3650 -out certs/ca.crt',
  'KU=digitalSignature; [ "$ALG" = p256 ] || KU="digitalSignature, keyEncipherment"',
  'for i in 1 2 3; do',
  '  mkdir -p -m 700 "certs/node$i"',
  '  printf \'%s\\n\' "basicConstraints = critical, CA:FALSE" "keyUsage = critical, $KU" "extendedKeyUsage = serverAuth, clientAuth" "subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid:always" "subjectAltName = DNS:node$i, DNS:node$i.local, DNS:localhost, IP:127.0.0.1, IP:10.0.0.$i" > "node$i.ext"',
  '  genkey "certs/node$i/node.key"',
  '  openssl req -new -key "certs/node$i/node.key" -subj "/O=Cockroach/CN=node" -out "node$i.csr"',
  '  openssl x509 -req -in "node$i.csr" -CA certs/ca.crt -CAkey my-safe-directory/ca.key -days 825 -extfile "node$i.ext" -out "certs/node$i/node.crt" 2>/dev/null',
  'done',
  'printf \'%s\\n\' "basicConstraints = critical, CA:FALSE" "keyUsage = critical, $KU" "extendedKeyUsage = clientAuth" "subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid:always" > client.ext',
  'for u in root user1; do',
  '  genkey "certs/client.$u.key"',
  '  openssl req -new -key "certs/client.$u.key" -subj "/O=Cockroach/CN=$u" -out "client.$u.csr"',
  '  openssl x509 -req -in "client.$u.csr" -CA certs/ca.crt -CAkey my-safe-directory/ca.key -days 825 -extfile client.ext -out "certs/client.$u.crt" 2>/dev/null',
  'done',
  'rm -f ./*.csr ./*.ext ca.cnf',
  '',
].join('\n');
/** Writes the recipe as an executable script in dir: `bash SCRIPT p256|rsa2048 OUTDIR`. */
export function writeRecipe(dir: string): string {
  const file = path.join(dir, 'openssl-seed.sh');
  fs.writeFileSync(file, RECIPE, { mode: 0o755 });
  return file;
}

export function seedOps(alg: KeyType): IssueOperation[] {
  return [
    { kind: 'createCa', profile: 'cockroach', keyType: alg },
    ...[1, 2, 3].map((i): IssueOperation => ({ kind: 'issueNode', profile: 'cockroach', name: `node${i}`, sans: [`node${i}`, `node${i}.local`, 'localhost', '127.0.0.1', `10.0.0.${i}`] })),
    { kind: 'issueClient', profile: 'cockroach', user: 'root' },
    { kind: 'issueClient', profile: 'cockroach', user: 'user1' },
  ];
}

