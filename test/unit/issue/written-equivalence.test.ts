/**
 * The issuing commands write the same certificates, CSRs and CRLs as the @peculiar/x509 writer
 * did (test/fixtures/issue/written/, see its README): for every profile and key type, OpenSSL
 * prints the same text (`openssl x509|req|crl -text`) and the same ASN.1 structure (`openssl
 * asn1parse`: every tag, so UTCTime stays UTCTime, UTF8String stays UTF8String, a critical flag
 * stays where it was), once what differs on every run is masked (serials, dates, keys, key
 * identifiers, signatures).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../../support/inProcessCli';
import { runWrittenMatrix } from '../../support/writtenMatrix';

const fixtures = path.join(__dirname, '../../fixtures/issue/written');

function kindOf(pem: string): 'x509' | 'req' | 'crl' {
  return pem.includes('BEGIN CERTIFICATE REQUEST') ? 'req' : pem.includes('BEGIN X509 CRL') ? 'crl' : 'x509';
}

const hexLine = /^\s+([0-9a-fA-F]{2}:)+[0-9a-fA-F]{0,2}$/;

/** `openssl <kind> -text` with the per-run values masked. */
function text(pem: string): string {
  const out = execFileSync('openssl', [kindOf(pem), '-noout', '-text'], { input: pem, encoding: 'utf8' });
  const lines: string[] = [];
  for (const line of out.split('\n')) {
    if (hexLine.test(line) || /^\s+[0-9A-F]{2,}$/.test(line)) {
      // Hex blocks: keys, signatures, key identifiers, long serials. One marker per block.
      if (lines[lines.length - 1] !== '<hex>') lines.push('<hex>');
      continue;
    }
    const l = line
      .replace(/(Not Before|Not After|Last Update|Next Update|Revocation Date)\s*:.*/, '$1: <time>')
      .replace(/(Serial Number:)\s*\S.*/, '$1 <serial>')
      .replace(/(keyid:)[0-9A-F:]+/, '$1<keyid>');
    lines.push(l);
  }
  return lines.join('\n');
}

/** `openssl asn1parse`: tags and structure; values only where they are the same on every run. */
function structure(pem: string): string {
  const out = execFileSync('openssl', ['asn1parse'], { input: pem, encoding: 'utf8' });
  const lines: string[] = [];
  let keyId = false;
  for (const line of out.split('\n')) {
    const m = /^\s*\d+:d=\s*(\d+)\s+hl=\s*\d+\s+l=\s*\d+\s+(prim|cons):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, depth, form, raw] = m;
    let rest = raw!.trimEnd();
    if (/^(INTEGER|UTCTIME|GENERALIZEDTIME|BIT STRING)\s*:/.test(rest)) rest = rest.replace(/:.*/, ':<value>');
    if (/^OCTET STRING\s*\[HEX DUMP\]/.test(rest) && keyId) rest = 'OCTET STRING [HEX DUMP]:<keyid>';
    keyId = /X509v3 (Subject|Authority) Key Identifier/.test(rest);
    lines.push(`${depth} ${form} ${rest}`);
  }
  return lines.join('\n');
}

test('every certificate, CSR and CRL the issuing commands write reads in OpenSSL as what the @peculiar/x509 writer wrote', async () => {
  const { tmp, cli } = inProcessCli('cw-written-');
  const written = await runWrittenMatrix(cli, tmp);
  const names = fs.readdirSync(fixtures).filter((f) => f.endsWith('.pem')).map((f) => f.slice(0, -4)).sort();
  assert.deepEqual([...written.keys()].sort(), names, 'the matrix writes what the fixtures hold');
  assert.ok(names.length >= 140);
  for (const name of names) {
    const before = fs.readFileSync(path.join(fixtures, `${name}.pem`), 'utf8');
    const after = written.get(name)!;
    assert.equal(text(after), text(before), `${name}: openssl ${kindOf(before)} -text`);
    assert.equal(structure(after), structure(before), `${name}: openssl asn1parse`);
  }
});
