import { MemoryDir, env, serialBytes } from './helpers';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IssueError, checkDnValue, checkFileName, formatIndex, isDnsName, isIpv4, isIpv6, normalizeSerial, opensslTime, parseIndex, parseSans, runIssueOperation, type IssueOperation } from '../../../server/src/core/issue';
import { randomSerial } from '../../../server/src/core/issue/certs';
import { checkRelativePath } from '../../../server/src/core/issue/validate';
import { parseHexNumber, formatHexNumber } from '../../../server/src/core/issue/state';

const rejects = async (op: IssueOperation, re: RegExp, ca?: Parameters<typeof runIssueOperation>[2]): Promise<void> => {
  await assert.rejects(runIssueOperation(env, op, ca), (e: unknown) => e instanceof IssueError && re.test(e.message));
};

describe('input validation', () => {
  it('names that become paths: no traversal, separators or hidden files', () => {
    for (const bad of ['..', '../x', 'a/b', 'a\\b', '.hidden', 'a..b', '', 'x y', 'a\nb', '/etc', 'x'.repeat(64), 'ä']) {
      assert.throws(() => checkFileName('name', bad), IssueError, JSON.stringify(bad));
    }
    for (const good of ['node1', 'postgresql', 'dm-worker_2', 'a.b', 'x'.repeat(63)]) assert.equal(checkFileName('name', good), good);
    for (const bad of ['../x.crt', '/abs/x.crt', 'a//b', './a', 'a/../b', 'C:x', 'a\\b']) assert.throws(() => checkRelativePath('p', bad), IssueError, bad);
    assert.equal(checkRelativePath('p', 'certs/node.crt'), 'certs/node.crt');
  });

  it('DN values: no injection through , / = + \\ " ; < > # or control characters', () => {
    for (const bad of ['root,O=evil', 'a/CN=b', 'a=b', 'a+CN=b', 'a\nb', 'a\rb', 'a\u0000', 'a\\,b', '"q"', 'a;b', '<a>', '#a', ' lead', 'trail ', '', 'x'.repeat(65)]) {
      assert.throws(() => checkDnValue('CN', bad), IssueError, JSON.stringify(bad));
    }
    for (const good of ['root', 'Cockroach CA', 'dm-client', 'user.name', "O'Brien", 'Zoë']) assert.equal(checkDnValue('CN', good), good);
  });

  it('property: every accepted DN value is free of DN structure characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        try {
          checkDnValue('CN', s);
        } catch {
          return true;
        }
        // eslint-disable-next-line no-control-regex
        return !/[,/=+\\"<>;#\u0000-\u001f]/.test(s) && s.trim() === s && s.length > 0;
      }),
    );
  });

  it('SANs: DNS names and IPs split and validated', () => {
    assert.deepEqual(parseSans(['localhost', '127.0.0.1', 'DNS:a.example.com', 'IP:::1', '[fe80::1]', 'b.example, 10.1.2.3', '*.svc.example.com', 'LOCALHOST']), {
      dns: ['localhost', 'a.example.com', 'b.example', '*.svc.example.com'],
      ip: ['127.0.0.1', '::1', 'fe80::1', '10.1.2.3'],
      uri: [],
    });
    assert.deepEqual(parseSans(['URI:spiffe://cluster.local/ns/dm/sa/master', 'localhost']).uri, ['spiffe://cluster.local/ns/dm/sa/master']);
    assert.deepEqual(parseSans(['uri:https://dm.example/a'], false), { dns: [], ip: [], uri: ['https://dm.example/a'] });
    assert.throws(() => parseSans(['URI:spiffe://x'])); // a URI alone names no host Go can match
    for (const bad of ['URI:no scheme', 'URI:', 'URI:://x', 'URI:a:b c', 'URI:x:\u00e9', 'spiffe://x/y']) assert.throws(() => parseSans([bad, 'localhost']), IssueError, bad);
    for (const bad of ['bad name', '-x.example', 'x-.example', 'a..b', '1.2.3.256', 'IP:example.com', 'DNS:10.0.0.1', 'a_b.example', '*.com', 'x'.repeat(64) + '.com', 'a/b', 'ho\nst']) {
      assert.throws(() => parseSans([bad]), IssueError, JSON.stringify(bad));
    }
    assert.throws(() => parseSans([]), /at least one/);
    assert.ok(isIpv4('255.255.255.255') && !isIpv4('01.2.3.4') && !isIpv4('1.2.3'));
    assert.ok(isIpv6('2001:db8::8a2e:370:7334') && isIpv6('::ffff:192.0.2.1') && isIpv6('1:2:3:4:5:6:7:8'));
    assert.ok(!isIpv6('1:2:3:4:5:6:7:8:9') && !isIpv6('1::2::3') && !isIpv6('12345::') && !isIpv6('1:2:3:4:5:6:7'));
    assert.ok(isDnsName('node1') && !isDnsName('123'));
  });

  it('operations refuse bad input before generating anything', async () => {
    await rejects({ kind: 'createCa', profile: 'nope' as never }, /unknown profile/);
    await rejects({ kind: 'createCa', profile: 'generic', keyType: 'rsa1024' as never }, /unknown key type/);
    await rejects({ kind: 'createCa', profile: 'generic', commonName: 'x,O=y' }, /not allowed in a distinguished name/);
    await rejects({ kind: 'createCa', profile: 'generic', days: 0 }, /days/);
    await rejects({ kind: 'createCa', profile: 'generic', days: 1.5 }, /days/);
    await rejects({ kind: 'issueNode', profile: 'cockroach', sans: ['ok.example'], name: '../../etc' }, /not allowed/);
    await rejects({ kind: 'issueNode', profile: 'cockroach', sans: ['ok.example'], commonName: 'node/CN=root' }, /distinguished name/);
    await rejects({ kind: 'issueNode', profile: 'cockroach', sans: [] }, /at least one/);
    await rejects({ kind: 'issueClient', profile: 'cockroach', user: '../root' }, /not allowed/);
    await rejects({ kind: 'issueClient', profile: 'postgres', user: 'alice\nbob' }, /distinguished name/);
    await rejects({ kind: 'issueClient', profile: 'dm', user: 'ok', name: 'a/b' }, /not allowed/);
    await rejects({ kind: 'renew', profile: 'generic', certPath: '../x.crt', certPem: '', keyPath: 'x.key' }, /must not contain/);
    await rejects({ kind: 'revoke', profile: 'generic', certPem: 'x', reason: 'because' }, /no CA/);
    await rejects({ kind: 'frobnicate' } as never, /unknown operation/);
  });

  it('unknown revocation reason is refused', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    await dir.run({ kind: 'issueClient', profile: 'generic', user: 'u' });
    await rejects({ kind: 'revoke', profile: 'generic', certPem: dir.text('client-u.crt'), reason: 'because' }, /unknown revocation reason/, dir.ca('generic'));
  });
});

describe('serial numbers', () => {
  it('random, positive, exactly 16 bytes, unique (10 000 draws)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const s = randomSerial(env.crypto);
      assert.match(s, /^[4-7][0-9A-F]{31}$/);
      seen.add(s);
    }
    assert.equal(seen.size, 10_000);
  });

  it('avoids serials already in the database', () => {
    let draw = 0;
    // first draw repeats a serial that is taken, the second is fresh
    const scripted = { getRandomValues: <T extends ArrayBufferView>(a: T): T => { (a as unknown as Uint8Array).fill(draw++ < 2 ? 0x11 : 0x22); return a; } } as unknown as typeof env.crypto;
    const taken = randomSerial(scripted);
    assert.equal(taken, '51' + '11'.repeat(15));
    assert.equal(randomSerial(scripted, new Set([taken])), '62' + '22'.repeat(15));
    assert.equal(draw, 3);
  });

  it('issued certificates encode a 16-byte positive INTEGER', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    for (let i = 0; i < 5; i++) {
      const r = await dir.run({ kind: 'issueClient', profile: 'generic', user: `u${i}` });
      const der = serialBytes(dir.text(r.issued!.certPath));
      assert.equal(der.length, 16);
      assert.equal(der[0]! & 0x80, 0);
      assert.notEqual(der[0], 0);
    }
  });
});

describe('OpenSSL CA state formats', () => {
  it('times: UTCTime before 2050, GeneralizedTime from 2050', () => {
    assert.equal(opensslTime(new Date(Date.UTC(2026, 10, 5, 3, 4, 5))), '261105030405Z');
    assert.equal(opensslTime(new Date(Date.UTC(2049, 11, 31, 23, 59, 59))), '491231235959Z');
    assert.equal(opensslTime(new Date(Date.UTC(2050, 0, 1, 0, 0, 0))), '20500101000000Z');
  });

  it('index.txt round-trips, including lines written by openssl ca', () => {
    const text =
      'V\t290227140606Z\t\t5A8115D50334718097DEBA283ACA7927\tunknown\t/CN=bob\n' +
      'R\t261225140607Z\t261125140218Z,keyCompromise\t717241715EC661250C804C3B5EEBECCF2004F480\tunknown\t/O=Cockroach/CN=x\n' +
      'V\t20510101000000Z\t\t0A\tunknown\t/CN=far\n';
    const entries = parseIndex(text);
    assert.equal(entries.length, 3);
    assert.equal(entries[1]!.reason, 'keyCompromise');
    assert.equal(entries[1]!.revoked!.toISOString(), '2026-11-25T14:02:18.000Z');
    assert.equal(entries[2]!.expiry.getUTCFullYear(), 2051);
    assert.equal(formatIndex(entries), text);
    assert.throws(() => parseIndex('V\t290227140606Z\t5A\tunknown\t/CN=bob\n'), /6 tab-separated/);
    assert.throws(() => parseIndex('X\t290227140606Z\t\t5A\tunknown\t/CN=bob\n'), /unknown status/);
  });

  it('serial / crlnumber: upper-case hex, whole bytes', () => {
    assert.equal(normalizeSerial('0a'), '0A');
    assert.equal(normalizeSerial('00:ff:01'), 'FF01');
    assert.equal(normalizeSerial('abc'), '0ABC');
    assert.equal(formatHexNumber(10n), '0A\n');
    assert.equal(formatHexNumber(256n), '0100\n');
    assert.equal(parseHexNumber('0A\n', 'crlnumber'), 10n);
    // Missing or empty is an error, as for openssl ca: a CRL number never restarts at 1.
    assert.throws(() => parseHexNumber(undefined, 'crlnumber'), /crlnumber is missing/);
    assert.throws(() => parseHexNumber(' \n', 'crlnumber'), /crlnumber is empty/);
    assert.throws(() => parseHexNumber('zz', 'crlnumber'), IssueError);
  });
});
