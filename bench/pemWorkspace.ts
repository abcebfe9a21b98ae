/**
 * The generated workspace of 5,000 PEM files the PEM benchmarks share (cached under
 * .cache/bench-tree/): 2 roots, 3 intermediates, 4,500 ECDSA P-256 leaves in 50
 * folders, 495 private keys beside their leaves.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const pemWorkspaceDir = resolve('.cache/bench-tree/v1');
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

