/**
 * PEM decoding benchmark (`npm run bench pem`):
 *  1. the system CA bundle, per certificate: our decoder (core/pem) vs Node's
 *     crypto.X509Certificate vs @peculiar/x509 vs `openssl x509 -text` (one
 *     process per certificate, a sample) — all in one run, paired ratios;
 *  2. hover latency on a certificate (the goal is < 20 ms), cold and warm.
 * The machine has 2 cores shared with other work: read medians and ratios.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as px509 from '@peculiar/x509';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clearDecodeCache, decodeDer, findPemBlocks, type CertificateView } from '../server/src/core/pem';
import { defaultLintSettings } from '../server/src/core/types';
import { pemFeature } from '../server/src/features/pem';
import type { FeatureContext } from '../server/src/features/feature';
import { nodeEnvironment } from '../server/src/node/nodeEnvironment';
import { fmt, median, pairedRatio, summarize, time } from './stats';

const bundlePath = process.env.CERTWRIGHT_BENCH_BUNDLE ?? '/etc/ssl/certs/ca-certificates.crt';
const bundle = readFileSync(bundlePath, 'utf8');
const blocks = findPemBlocks(bundle).filter((b) => b.der && b.kind === 'certificate');
const ders = blocks.map((b) => b.der!);
const pems = blocks.map((b) => bundle.slice(b.start, b.end));
const n = ders.length;
console.log(`bundle: ${bundlePath}, ${n} certificates, ${(bundle.length / 1024).toFixed(0)} KiB`);

// Each decoder reads the same fields: subject, issuer, validity, SAN, KU, EKU, CA flag, SHA-256 fingerprint.
function ours(): number {
  let k = 0;
  for (const der of ders) {
    const d = decodeDer(der, 'certificate');
    if (d.ok) k += (d.view as CertificateView).fingerprints.sha256.length;
  }
  return k;
}

function node(): number {
  let k = 0;
  for (const pem of pems) {
    const c = new X509Certificate(pem);
    k += c.subject.length + c.issuer.length + c.validFrom.length + c.validTo.length + (c.subjectAltName?.length ?? 0) + (c.keyUsage?.length ?? 0) + (c.ca ? 1 : 0) + c.fingerprint256.length;
  }
  return k;
}

async function peculiar(): Promise<number> {
  let k = 0;
  for (const der of ders) {
    const c = new px509.X509Certificate(der);
    k += c.subject.length + c.issuer.length + c.notBefore.getTime() + c.notAfter.getTime();
    k += c.getExtension(px509.SubjectAlternativeNameExtension)?.names.items.length ?? 0;
    k += c.getExtension(px509.KeyUsagesExtension)?.usages ?? 0;
    k += c.getExtension(px509.ExtendedKeyUsageExtension)?.usages.length ?? 0;
    k += c.getExtension(px509.BasicConstraintsExtension)?.ca ? 1 : 0;
    k += (await c.getThumbprint('SHA-256')).byteLength;
  }
  return k;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { bundle: bundlePath, certificates: n };

  // Cold: the first pass in this process (JIT cold), per certificate.
  const coldOurs = (await time(ours, 1, 0))[0]! / n;
  const coldNode = (await time(node, 1, 0))[0]! / n;
  const coldPec = (await time(peculiar, 1, 0))[0]! / n;
  console.log(`cold pass, µs/cert: ours ${(coldOurs * 1000).toFixed(1)}, Node X509Certificate ${(coldNode * 1000).toFixed(1)}, @peculiar/x509 ${(coldPec * 1000).toFixed(1)}`);

  const passes = 20;
  const tOurs = await time(ours, passes, 2);
  const tNode = await time(node, passes, 2);
  const tPec = await time(peculiar, 5, 1);
  const perCert = (v: number[]): number[] => v.map((x) => (x / n) * 1000);
  console.log(`warm, µs/cert (median [min–max] of passes):`);
  console.log(`  ours (core/pem, pure TS)      ${fmt(summarize(perCert(tOurs)), 'µs', 1)}`);
  console.log(`  Node crypto.X509Certificate   ${fmt(summarize(perCert(tNode)), 'µs', 1)}`);
  console.log(`  @peculiar/x509                ${fmt(summarize(perCert(tPec)), 'µs', 1)}`);
  const r1 = await pairedRatio(ours, node, 15);
  const r2 = await pairedRatio(ours, peculiar, 5);
  console.log(`paired ratio ours / Node: ${fmt(r1.ratio, '', 3)};  ours / @peculiar: ${fmt(r2.ratio, '', 3)}`);

  // openssl x509 -text: one process per certificate, on a sample.
  const sample = pems.filter((_, i) => i % Math.max(1, Math.floor(n / 12)) === 0).slice(0, 12);
  const tOpenssl: number[] = [];
  for (const pem of sample) {
    const t = performance.now();
    const r = spawnSync('openssl', ['x509', '-noout', '-text'], { input: pem });
    tOpenssl.push(performance.now() - t);
    if (r.status !== 0) throw new Error('openssl failed');
  }
  const opensslUs = median(tOpenssl) * 1000;
  const oursUs = median(perCert(tOurs));
  console.log(`openssl x509 -text per process: ${fmt(summarize(tOpenssl), 'ms')} per cert (sample of ${sample.length}); ÷ ours = ${(opensslUs / oursUs).toFixed(0)}×`);

  // Hover latency through the feature (in process, no LSP transport).
  const ctx = { env: nodeEnvironment(), settingsFor: async () => defaultLintSettings, log: () => undefined } as unknown as FeatureContext;
  const pem = pems[Math.floor(n / 2)]!;
  let version = 1;
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 30; i++) {
    clearDecodeCache();
    const doc = TextDocument.create('file:///bench.pem', 'pem', version++, `# x\n${pem}\n`);
    const params = { textDocument: { uri: doc.uri }, position: { line: 3, character: 2 } };
    let t = performance.now();
    const h = await pemFeature.hover!(doc, params, ctx);
    cold.push(performance.now() - t);
    if (!h) throw new Error('no hover');
    t = performance.now();
    await pemFeature.hover!(doc, params, ctx);
    warm.push(performance.now() - t);
  }
  console.log(`hover (in process): new document version + decode ${fmt(summarize(cold), 'ms', 3)}; cached ${fmt(summarize(warm), 'ms', 3)} (goal < 20 ms)`);
  // The same on the 144-certificate bundle as one document: all blocks found, the hovered one decoded.
  const big = TextDocument.create('file:///bundle.pem', 'pem', 1, bundle);
  const bigCold: number[] = [];
  for (let i = 0; i < 10; i++) {
    clearDecodeCache();
    const d = TextDocument.create('file:///bundle.pem', 'pem', 100 + i, bundle);
    const t = performance.now();
    await pemFeature.hover!(d, { textDocument: { uri: d.uri }, position: { line: 200, character: 2 } }, ctx);
    bigCold.push(performance.now() - t);
  }
  void big;
  console.log(`hover in the whole bundle, new version (find all blocks + decode one): ${fmt(summarize(bigCold), 'ms', 2)}`);

  Object.assign(results, {
    coldUsPerCert: { ours: coldOurs * 1000, node: coldNode * 1000, peculiar: coldPec * 1000 },
    warmUsPerCert: { ours: summarize(perCert(tOurs)), node: summarize(perCert(tNode)), peculiar: summarize(perCert(tPec)) },
    pairedRatio: { oursOverNode: r1.ratio, oursOverPeculiar: r2.ratio },
    opensslTextMsPerProcess: summarize(tOpenssl),
    hoverMs: { cold: summarize(cold), warm: summarize(warm), bundleCold: summarize(bigCold) },
  });
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/pem.json', JSON.stringify(results, null, 2));
}

void main();
