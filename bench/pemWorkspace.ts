/**
 * The generated workspace of 5,000 PEM files the PEM benchmarks share (cached in the user's
 * cache folder, benchCacheDir): 2 roots, 3 intermediates, 4,500 ECDSA P-256 leaves in 50
 * folders, 495 private keys beside their leaves.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, sign, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { encodeTlv } from '../server/src/core/pem/der';
import { join } from 'node:path';
import { homedir } from 'node:os';

/**
 * Outside the checkout: 55,000 generated files inside it made every walk of the repository
 * (the packaging test's `vsce ls`, editors' file watchers) slow after a bench run.
 */
export const benchCacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'certwright-bench');

export const pemWorkspaceDir = join(benchCacheDir, 'tree-v1');
const dir = pemWorkspaceDir;
export const pemWorkspaceLeaves = 4500;
const leaves = pemWorkspaceLeaves;
export const pemWorkspaceKeys = 495;
const keys = pemWorkspaceKeys;
const folders = 50;
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ec = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** Generates the workspace once (about a minute); later runs reuse it. */
export async function ensurePemWorkspace(): Promise<void> {
  if (existsSync(join(dir, 'DONE'))) return;
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const pem = (c: x509.X509Certificate): string => c.toString('pem') + '\n';
  const keyPem = async (k: webcrypto.CryptoKey): Promise<string> => {
    const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', k));
    return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  };
  const now = Date.now();
  type KeyPair = webcrypto.CryptoKeyPair;
  const gen = (): Promise<KeyPair> => webcrypto.subtle.generateKey(ec, true, ['sign', 'verify']) as Promise<KeyPair>;
  const caExt = async (k: KeyPair, issuer?: KeyPair) => [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(k.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create((issuer ?? k).publicKey),
  ];
  const cas: Array<{ cert: x509.X509Certificate; keys: KeyPair }> = [];
  for (let r = 0; r < 2; r++) {
    const k = await gen();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: `0${r + 1}`, name: `CN=Bench Root ${r + 1}`, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 3650 * 86_400_000), keys: k, signingAlgorithm, extensions: await caExt(k) });
    cas.push({ cert, keys: k });
    writeFileSync(join(dir, `root-${r + 1}.pem`), pem(cert));
  }
  const inters: typeof cas = [];
  for (let i = 0; i < 3; i++) {
    const k = await gen();
    const parent = cas[i % 2]!;
    const cert = await x509.X509CertificateGenerator.create({ serialNumber: `1${i}`, subject: `CN=Bench Intermediate ${i + 1}`, issuer: parent.cert.subject, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 1825 * 86_400_000), publicKey: k.publicKey, signingKey: parent.keys.privateKey, signingAlgorithm, extensions: await caExt(k, parent.keys) });
    inters.push({ cert, keys: k });
    writeFileSync(join(dir, `intermediate-${i + 1}.pem`), pem(cert));
  }
  for (let f = 0; f < folders; f++) mkdirSync(join(dir, `team-${f}`), { recursive: true });
  for (let n = 0; n < leaves; n++) {
    const k = await gen();
    const parent = inters[n % 3]!;
    const days = 5 + (n % 700);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (0x100000 + n).toString(16),
      subject: `CN=svc-${n}.bench.test, O=Bench`,
      issuer: parent.cert.subject,
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + days * 86_400_000),
      publicKey: k.publicKey,
      signingKey: parent.keys.privateKey,
      signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.ExtendedKeyUsageExtension([n % 3 === 0 ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: `svc-${n}.bench.test` }]),
        await x509.AuthorityKeyIdentifierExtension.create(parent.keys.publicKey),
        await x509.SubjectKeyIdentifierExtension.create(k.publicKey),
      ],
    });
    const folder = join(dir, `team-${n % folders}`);
    writeFileSync(join(folder, `svc-${n}.crt`), pem(cert));
    if (n < keys) writeFileSync(join(folder, `svc-${n}.key`), await keyPem(k.privateKey));
  }
  writeFileSync(join(dir, 'DONE'), `${leaves + keys + 5}\n`);
  console.log(`generated ${leaves + keys + 5} files in ${((performance.now() - started) / 1000).toFixed(1)} s → ${dir}`);
}

export const largePemWorkspaceDir = join(benchCacheDir, 'tree-large-v2');
export const largePemWorkspaceCertificates = 50_000;

/**
 * A workspace of 50,000 certificate files (cached in benchCacheDir): a root,
 * 2 intermediates, and 49,997 ECDSA P-256 leaves in 500 folders of 100. One leaf is made with
 * @peculiar/x509, the others are that leaf with its serial and names patched (equal lengths) and
 * signed again by its intermediate through node:crypto: real, verifying, distinct certificates
 * in seconds instead of the hour 50,000 generator calls would take on this machine.
 */
export async function ensureLargePemWorkspace(): Promise<void> {
  const dir = largePemWorkspaceDir;
  if (existsSync(join(dir, 'DONE'))) return;
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const gen = (): Promise<webcrypto.CryptoKeyPair> => webcrypto.subtle.generateKey(ec, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
  const caExt = async (k: webcrypto.CryptoKeyPair, issuer?: webcrypto.CryptoKeyPair) => [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(k.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create((issuer ?? k).publicKey),
  ];
  const rootKeys = await gen();
  const root = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=Large Root', notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 3650 * 86_400_000), keys: rootKeys, signingAlgorithm, extensions: await caExt(rootKeys) });
  writeFileSync(join(dir, 'root.pem'), root.toString('pem') + '\n');
  const inters: Array<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> = [];
  for (let i = 0; i < 2; i++) {
    const keys = await gen();
    const cert = await x509.X509CertificateGenerator.create({ serialNumber: `1${i}`, subject: `CN=Large Intermediate ${i + 1}`, issuer: root.subject, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 1825 * 86_400_000), publicKey: keys.publicKey, signingKey: rootKeys.privateKey, signingAlgorithm, extensions: await caExt(keys, rootKeys) });
    writeFileSync(join(dir, `intermediate-${i + 1}.pem`), cert.toString('pem') + '\n');
    inters.push({ cert, keys });
  }
  const leafKeys = await gen();
  const placeholder = 'svc-PPPPP.large.test';
  const templates = await Promise.all(
    inters.map(async (parent) => {
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: '7f5050505050',
        subject: `CN=${placeholder}, O=Bench`,
        issuer: parent.cert.subject,
        notBefore: new Date(now - 86_400_000),
        notAfter: new Date(now + 400 * 86_400_000),
        publicKey: leafKeys.publicKey,
        signingKey: parent.keys.privateKey,
        signingAlgorithm,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: placeholder }]),
          await x509.AuthorityKeyIdentifierExtension.create(parent.keys.publicKey),
        ],
      });
      // Certificate = SEQUENCE { tbs, algorithm, signature }: the TBS and the algorithm as written.
      const der = new Uint8Array(cert.rawData);
      const tbsStart = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
      const tbsLen = tbsLength(der, tbsStart);
      const tbs = der.subarray(tbsStart, tbsStart + tbsLen);
      const algEnd = tbsStart + tbsLen + tbsLength(der, tbsStart + tbsLen);
      return { tbs: Buffer.from(tbs), alg: der.slice(tbsStart + tbsLen, algEnd), key: KeyObject.from(parent.keys.privateKey) };
    }),
  );
  const serialBytes = Buffer.from('7f5050505050', 'hex');
  const nameBytes = Buffer.from(placeholder);
  const folders = 500;
  for (let f = 0; f < folders; f++) mkdirSync(join(dir, `team-${f}`), { recursive: true });
  const leaves = largePemWorkspaceCertificates - 3;
  for (let n = 0; n < leaves; n++) {
    const t = templates[n % 2]!;
    const tbs = Buffer.from(t.tbs);
    replaceAll(tbs, serialBytes, Buffer.from(`7f${(0x5000000000 + n).toString(16)}`, 'hex'));
    replaceAll(tbs, nameBytes, Buffer.from(`svc-${String(n).padStart(5, '0')}.large.test`));
    const signature = sign('sha256', tbs, { key: t.key, dsaEncoding: 'der' });
    const der = encodeTlv(0x30, Buffer.concat([tbs, t.alg, encodeTlv(0x03, Buffer.concat([Buffer.from([0]), signature]))]));
    const b64 = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
    writeFileSync(join(dir, `team-${n % folders}`, `svc-${n}.crt`), `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
  }
  writeFileSync(join(dir, 'DONE'), `${largePemWorkspaceCertificates}\n`);
  console.log(`generated ${largePemWorkspaceCertificates} certificate files in ${((performance.now() - started) / 1000).toFixed(1)} s → ${dir}`);
}

/** The whole length (header and content) of the TLV at `at`. */
function tbsLength(der: Uint8Array, at: number): number {
  const first = der[at + 1]!;
  if (!(first & 0x80)) return 2 + first;
  let len = 0;
  for (let i = 0; i < (first & 0x7f); i++) len = len * 256 + der[at + 2 + i]!;
  return 2 + (first & 0x7f) + len;
}

function replaceAll(buf: Buffer, from: Buffer, to: Buffer): void {
  if (from.length !== to.length) throw new Error('a patch must keep the length');
  for (let i = buf.indexOf(from); i >= 0; i = buf.indexOf(from, i + from.length)) to.copy(buf, i);
}
