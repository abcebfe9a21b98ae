import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { blockAt, decodeFile, decodePemText, findPemBlocks, mayContainPem, mayContainPemBytes, type CertificateView } from '../../../server/src/core/pem';
import { OpenSsl } from './openssl';

let o: OpenSsl;
let pem: string;
let keyPem: string;
let cn: string;
before(() => {
  o = new OpenSsl();
  const ca = o.ca({ subj: '/CN=Block Test' });
  pem = o.read(ca.cert);
  keyPem = o.read(ca.key);
  cn = 'Block Test';
});
after(() => o.dispose());

function firstCert(text: string): CertificateView {
  const d = decodePemText(text)[0]!.decoded;
  assert.ok(d.ok, d.ok ? '' : d.message);
  assert.equal(d.view.kind, 'certificate');
  return d.view as CertificateView;
}

describe('findPemBlocks', () => {
  it('finds every block of a bundle with exact offsets', () => {
    const text = `# bundle\n${pem}\n${keyPem}junk between\n${pem}`;
    const blocks = findPemBlocks(text);
    assert.deepEqual(blocks.map((b) => [b.index, b.label, b.kind]), [[0, 'CERTIFICATE', 'certificate'], [1, 'PRIVATE KEY', 'privateKey'], [2, 'CERTIFICATE', 'certificate']]);
    for (const b of blocks) {
      assert.ok(text.slice(b.start, b.end).startsWith(`-----BEGIN ${b.label}-----`));
      assert.ok(text.slice(b.start, b.end).endsWith(`-----END ${b.label}-----`));
      assert.equal(b.problem, undefined);
    }
    assert.equal(blockAt(blocks, blocks[1]!.start + 40)?.index, 1);
    assert.equal(blockAt(blocks, 3), undefined);
  });

  it('reads PEM in a YAML block scalar (DM / Kubernetes style)', () => {
    const indented = pem.trim().split('\n').map((l) => `    ${l}`).join('\n');
    const yaml = `security:\n  ssl-ca: |\n${indented}\n  ssl-cert: /path\n`;
    const blocks = findPemBlocks(yaml);
    assert.equal(blocks.length, 1);
    assert.equal(yaml.slice(blocks[0]!.start, blocks[0]!.start + 10), '-----BEGIN');
    assert.equal(firstCert(yaml).commonName, cn);
  });

  it('reads PEM in JSON strings with \\n escapes (and \\/ escapes)', () => {
    const json = JSON.stringify({ tls: { ca: pem } }, null, 2);
    const b = findPemBlocks(json)[0]!;
    assert.equal(b.escaped, true);
    assert.equal(firstCert(json).commonName, cn);
    const slashed = json.replace(/\//g, '\\/');
    assert.equal(firstCert(slashed).fingerprints.sha256, firstCert(pem).fingerprints.sha256);
    const crlf = JSON.stringify({ ca: pem.replace(/\n/g, '\r\n') });
    assert.equal(firstCert(crlf).commonName, cn);
  });

  it('reads PEM in TOML basic and multi-line strings', () => {
    const single = `[security]\nssl-ca = "${pem.trim().replace(/\n/g, '\\n')}\\n"\n`;
    assert.equal(firstCert(single).commonName, cn);
    const multi = `[security]\nssl-ca = """\n${pem}"""\n`;
    assert.equal(firstCert(multi).commonName, cn);
  });

  it('reports broken base64 at the exact offset of the bad character', () => {
    const lines = pem.split('\n');
    lines[3] = lines[3]!.slice(0, 10) + '*' + lines[3]!.slice(11);
    const text = lines.join('\n');
    const b = findPemBlocks(text)[0]!;
    assert.equal(b.problem?.code, 'PEM-BASE64');
    assert.equal(text[b.problem!.start], '*');
    assert.equal(b.der, undefined);
    // A missing character: length is no longer a multiple of 4.
    const short = pem.replace(/\n([A-Za-z0-9+/]{64})\n/, (_m, l: string) => `\n${l.slice(1)}\n`);
    const s = findPemBlocks(short)[0]!;
    assert.equal(s.problem?.code, 'PEM-BASE64');
    assert.match(s.problem!.message, /multiple of 4/);
  });

  it('reports truncated blocks, mismatched labels, unknown labels and empty blocks', () => {
    const truncated = pem.split('\n').slice(0, 5).join('\n') + '\n' + keyPem;
    const t = findPemBlocks(truncated);
    assert.deepEqual(t.map((b) => b.problem?.code), ['PEM-TRUNCATED', undefined]);
    assert.equal(t[1]!.kind, 'privateKey');
    const mismatch = pem.replace('-----END CERTIFICATE-----', '-----END X509 CRL-----');
    const m = findPemBlocks(mismatch)[0]!;
    assert.equal(m.problem?.code, 'PEM-LABEL-MISMATCH');
    assert.equal(mismatch.slice(m.problem!.start, m.problem!.end), '-----END X509 CRL-----');
    const unknown = pem.replace(/CERTIFICATE/g, 'CERTIFICAT');
    assert.equal(findPemBlocks(unknown)[0]!.problem?.code, 'PEM-UNKNOWN-LABEL');
    assert.equal(findPemBlocks('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n')[0]!.problem?.code, 'PEM-EMPTY');
  });

  it('reads RFC 1421 headers of legacy encrypted keys', () => {
    o.run(['pkey', '-in', o.ca({ key: o.key('rsa:2048') }).key, '-out', 'plain.key']);
    o.run(['rsa', '-in', 'plain.key', '-aes256', '-traditional', '-passout', 'pass:pw', '-out', 'legacy.key']);
    const b = findPemBlocks(o.read('legacy.key'))[0]!;
    assert.equal(b.headers['Proc-Type'], '4,ENCRYPTED');
    assert.match(b.headers['DEK-Info']!, /^AES-256-CBC,[0-9A-F]+$/);
  });

  it('garbage DER under a valid label gives a message with the byte offset', () => {
    const garbage = `-----BEGIN CERTIFICATE-----\n${Buffer.from([0x30, 0x82, 0x10, 0x00, 1, 2, 3]).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const d = decodePemText(garbage)[0]!.decoded;
    assert.equal(d.ok, false);
    assert.match(!d.ok ? d.message : '', /Malformed DER at byte 0/);
    const notSeq = `-----BEGIN CERTIFICATE-----\n${Buffer.from('hello world!').toString('base64')}\n-----END CERTIFICATE-----\n`;
    assert.equal(decodePemText(notSeq)[0]!.decoded.ok, false);
  });
});

describe('bad and large input', () => {
  it('binary files decode to a message, never an exception', () => {
    for (let i = 0; i < 50; i++) {
      const f = decodeFile(randomBytes(1 + (i * 97) % 5000));
      assert.ok(f.format === 'none' || (f.format === 'der' && !f.decoded.ok) || f.format === 'pem');
    }
  });

  it('a 50 MB file with bundles, noise and stray BEGIN markers stays fast', () => {
    const noise = randomBytes(4 * 1024 * 1024).toString('base64');
    const parts: string[] = [];
    let size = 0;
    while (size < 50_000_000) {
      const chunk = `${noise.slice(0, 1_000_000)}\n-----BEGIN CERTIFICATE-----\n${noise.slice(0, 3000)}\n${pem}`;
      parts.push(chunk);
      size += chunk.length;
    }
    const text = parts.join('');
    const t = performance.now();
    const blocks = findPemBlocks(text);
    const ms = performance.now() - t;
    assert.ok(blocks.length >= 100, `${blocks.length} blocks`);
    assert.ok(blocks.some((b) => b.problem?.code === 'PEM-TRUNCATED' || b.problem?.code === 'PEM-BASE64'));
    assert.ok(ms < 10_000, `took ${ms} ms`);
  });

  it('a text made only of BEGIN markers is bounded', () => {
    const text = '-----BEGIN CERTIFICATE-----\n'.repeat(100_000);
    const t = performance.now();
    const blocks = findPemBlocks(text);
    assert.ok(blocks.length <= 20_000);
    assert.ok(performance.now() - t < 5_000);
  });
});

describe('mayContainPemBytes', () => {
  it('answers as the text test on the latin1 text, on any bytes', () => {
    const marker = [...Buffer.from('-----BEGIN ')];
    // Bytes built from the marker's pieces, dashes and noise, so hits and near misses are common.
    const piece = fc.oneof(fc.constant(marker), fc.constant(marker.slice(0, 6)), fc.constant([45, 45, 45]), fc.uint8Array({ maxLength: 8 }).map((a) => [...a]));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const bytes = new Uint8Array(pieces.flat());
        assert.equal(mayContainPemBytes(bytes), mayContainPem(Buffer.from(bytes).toString('latin1')));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on a file of dashes', () => {
    const dashes = new Uint8Array(4 * 1024 * 1024).fill(45);
    assert.equal(mayContainPemBytes(dashes), false);
    dashes.set(Buffer.from('-----BEGIN '), dashes.length - 11);
    assert.equal(mayContainPemBytes(dashes), true);
  });
});
