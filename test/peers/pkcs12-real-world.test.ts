/**
 * PyCA's PKCS #12 vectors (test/fixtures/pki/real-world/pyca-38/pkcs12/: AES, RC2 and 3DES bags,
 * friendly names, no password, no certificate, a certificate without its key) read by Certwright
 * and by `openssl pkcs12` 3.0 with its default provider (no RC2, as programs load it): per file, the MAC, whether the password opens it,
 * and how many certificates, keys and friendly names each finds. No key material is printed.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { decryptPkcs12, listPkcs12 } from '../../server/src/core/pki/pkcs12';
import { decodeFileBytes } from '../../server/src/core/pki/files';
import { nodePkiCrypto } from '../../server/src/node/pkiCrypto';
import { corpusRoot } from '../unit/pki/opensslRecord';

const dir = join(corpusRoot, 'pyca-38', 'pkcs12');
/** The password of PyCA's tests; the `no-pwd` and `no-password` files have none. */
const passwordOf = (f: string): string => (/no-pwd|no-password/.test(f) ? '' : 'cryptography');

/** Friendly names as text; `openssl pkcs12` prints a BMPString outside ASCII as mangled bytes, so in PyCA's `unicode` files they count only. */
const namesOf = (file: string, names: string[]): string[] => (/unicode/.test(file) ? names.map(() => '(not ASCII)') : names.sort());

interface Reading {
  readonly mac: string;
  readonly opens: boolean;
  readonly certificates: number;
  readonly keys: number;
  readonly names: readonly string[];
}

function openssl(file: string): Reading {
  const pass = `pass:${passwordOf(file)}`;
  const run = (args: string[]): { ok: boolean; out: string } => {
    // OpenSSL 3.0 as programs load it: the default provider, no RC2 (-legacy would add it).
    const r = spawnSync('openssl', ['pkcs12', '-in', join(dir, file), '-passin', pass, ...args], { encoding: 'utf8' });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  };
  const info = run(['-info', '-noout']);
  const mac = /MAC: (\S+), Iteration (\d+)/.exec(info.out);
  // -nodes prints keys in the clear: only the header lines are counted, nothing is kept.
  const all = run(['-nodes']);
  return {
    mac: mac ? `${mac[1]}/${mac[2]}` : 'none',
    opens: all.ok,
    certificates: all.ok ? (all.out.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length : 0,
    keys: all.ok ? (all.out.match(/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/g) ?? []).length : 0,
    names: all.ok ? namesOf(file, [...all.out.matchAll(/friendlyName: (.*)/g)].map((m) => m[1]!.trim())) : [],
  };
}

function certwright(file: string): Reading {
  const der = new Uint8Array(readFileSync(join(dir, file)));
  const l = listPkcs12(der);
  const mac = l.mac ? `${l.mac.algorithm.toLowerCase().replace('-', '')}/${l.mac.iterations}` : 'none';
  try {
    const c = decryptPkcs12(der, passwordOf(file), nodePkiCrypto);
    return {
      mac,
      opens: c.macVerified,
      certificates: c.bags.filter((b) => b.type === 'certificate').length,
      keys: c.bags.filter((b) => b.type === 'privateKey' || b.type === 'encryptedPrivateKey').length,
      names: namesOf(file, c.bags.flatMap((b) => (b.friendlyName !== undefined ? [b.friendlyName] : []))),
    };
  } catch {
    return { mac, opens: false, certificates: 0, keys: 0, names: [] };
  }
}

describe('PKCS #12 files from PyCA, read by Certwright and openssl pkcs12', () => {
  it('agree on the MAC, the password, and the certificates, keys and friendly names inside', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.p12'));
    assert.ok(files.length >= 30, `${files.length} files`);
    const disagreements: string[] = [];
    for (const f of files) {
      const [theirs, mine] = [openssl(f), certwright(f)];
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) disagreements.push(`${f}: certwright ${JSON.stringify(mine)} ≠ openssl ${JSON.stringify(theirs)}`);
    }
    console.log(`# pkcs12: ${files.length - disagreements.length}/${files.length} files agree with openssl pkcs12`);
    assert.deepEqual(disagreements, []);
  });

  it('every file is listed in the Certificates view without its password, none as unreadable', () => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.p12'))) {
      const items = decodeFileBytes(join(dir, f), new Uint8Array(readFileSync(join(dir, f))), nodePkiCrypto);
      assert.deepEqual(items.map((i) => i.kind), ['pkcs12'], f);
    }
  });
});
