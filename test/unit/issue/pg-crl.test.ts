/**
 * CRL freshness and issuer checks on postgresql.conf (PG-022..025), on CAs and
 * CRLs made by the issuing core. PostgreSQL's own verdict on the same situations:
 * test/peers/postgres.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sign } from 'node:crypto';
import { children, readTlv } from '../../../server/src/core/pem/der';
import { join } from 'node:path';
import { MemoryDir, NOW } from './helpers';
import { lintFile } from '../setup/helpers';
import { runIssueOperation, type IssueOperation } from '../../../server/src/core/issue';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

const DAY = 86_400_000;
let work: string;
let ca: MemoryDir;
let sameName: MemoryDir;
let otherName: MemoryDir;

async function caDir(cn?: string): Promise<MemoryDir> {
  const d = new MemoryDir();
  await d.run({ kind: 'createCa', profile: 'postgres', keyType: 'p256', ...(cn ? { commonName: cn } : {}) });
  return d;
}

/** A data directory with server.crt/key from `ca`, the given CA bundle and CRL texts. */
function dataDir(name: string, caPem: string, crlPem: string): string {
  const d = join(work, name);
  const w = (f: string, text: string, mode = 0o644): void => writeFileSync(join(d, f), text, { mode });
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d);
  w('server.crt', ca.text('server.crt'));
  w('server.key', ca.text('server.key'), 0o600);
  w('root.crt', caPem);
  w('root.crl', crlPem);
  w('postgresql.conf', "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\nssl_crl_file = 'root.crl'\n");
  w('pg_hba.conf', 'hostssl all all 127.0.0.1/32 cert\n');
  return join(d, 'postgresql.conf');
}

async function codes(conf: string): Promise<string[]> {
  return (await lintFile(conf)).findings.map((f) => `${f.code} ${f.severity}: ${f.message}`);
}

/** The CRL `d` would publish with a clock `daysAgo` in the past and the given lifetime. */
async function crlAt(d: MemoryDir, daysAgo: number, crlDays: number): Promise<string> {
  const env = nodeEnvironment({ now: () => new Date(NOW.getTime() - daysAgo * DAY) });
  const op: IssueOperation = { kind: 'publishCrl', profile: 'postgres', crlDays };
  const r = await runIssueOperation(env, op, d.ca('postgres'));
  return r.plan.files.find((f) => f.path === 'root.crl')!.contents;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'cw-pg-crl-'));
  ca = await caDir();
  await ca.run({ kind: 'issueNode', profile: 'postgres', sans: ['localhost'] });
  sameName = await caDir();
  otherName = await caDir('Other Root CA');
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('ssl_crl_file freshness and issuer', () => {
  test('the fresh CRL of the configured CA: no finding', async () => {
    assert.deepEqual(await codes(dataDir('ok', ca.text('root.crt'), ca.text('root.crl'))), []);
  });

  test('PG-022 error: nextUpdate has passed (every client refused)', async () => {
    const found = await codes(dataDir('expired', ca.text('root.crt'), await crlAt(ca, 10, 2)));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0]!, /^PG-022 error: The CRL's nextUpdate .* has passed: PostgreSQL refuses every client certificate of CN = PostgreSQL Root CA with "CRL has expired"/);
  });

  test('PG-022 error: a lastUpdate OpenSSL refuses (an offset instead of Z: "format error in CRL\'s lastUpdate field")', async () => {
    // The CA's CRL with its thisUpdate rewritten as a UTCTime with +0100, signed again with the CA key.
    const der = new Uint8Array(Buffer.from(ca.text('root.crl').replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const [tbs, alg] = children(der, readTlv(der, 0));
    const fields = children(der, tbs!);
    const part = (i: number): number[] => [...der.subarray(fields[i]!.start, fields[i]!.end)];
    const time = [...Buffer.from(`${new Date(NOW.getTime() - DAY).toISOString().replace(/[-:T]/g, '').slice(2, 14)}+0100`)];
    const tlv = (tag: number, body: number[]): number[] => [tag, ...(body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff]), ...body];
    const body = tlv(0x30, [...part(0), ...part(1), ...part(2), ...tlv(0x17, time), ...fields.slice(4).flatMap((_, i) => part(i + 4))]);
    const signature = [...sign('sha256', new Uint8Array(body), ca.ca('postgres').keyPem)];
    const crl = Buffer.from(tlv(0x30, [...body, ...der.subarray(alg!.start, alg!.end), ...tlv(0x03, [0, ...signature])])).toString('base64');
    const found = await codes(dataDir('offset', ca.text('root.crt'), `-----BEGIN X509 CRL-----\n${crl.replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0]!, /^PG-022 error: OpenSSL cannot use the CRL of CN = PostgreSQL Root CA \("format error in CRL's lastUpdate field"\)/);
  });

  test('PG-024 warning: nextUpdate within certwright.expiryWarningDays', async () => {
    const conf = dataDir('soon', ca.text('root.crt'), await crlAt(ca, 0, 5));
    const found = await codes(conf);
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0]!, /^PG-024 warning: The CRL of CN = PostgreSQL Root CA reaches its nextUpdate in 4 days .*certwright crl/);
    assert.deepEqual((await lintFile(conf, { settings: { expiryWarningDays: 3 } })).findings, [], 'outside a 3-day window');
  });

  test('PG-023 error: a CRL of another CA (another name, or the same name and another key)', async () => {
    const other = await codes(dataDir('other', ca.text('root.crt'), otherName.text('root.crl')));
    assert.equal(other.length, 1, other.join('\n'));
    assert.match(other[0]!, /^PG-023 error: The CRL was issued by CN = Other Root CA, not by a CA of ssl_ca_file \(CN = PostgreSQL Root CA\).*"unable to get certificate CRL"/);
    const twin = await codes(dataDir('twin', ca.text('root.crt'), sameName.text('root.crl')));
    assert.equal(twin.length, 1, twin.join('\n'));
    assert.match(twin[0]!, /^PG-023 error: The CRL names CN = PostgreSQL Root CA as issuer but was not signed by the key of that CA.*"unable to get certificate CRL"/);
  });

  test('PG-025 warning: a CA bundle (rotation) needs one CRL per CA', async () => {
    const bundle = ca.text('root.crt') + otherName.text('root.crt');
    const one = await codes(dataDir('bundle1', bundle, ca.text('root.crl')));
    assert.equal(one.length, 1, one.join('\n'));
    assert.match(one[0]!, /^PG-025 warning: ssl_crl_file has no CRL of CN = Other Root CA/);
    assert.deepEqual(await codes(dataDir('bundle2', bundle, ca.text('root.crl') + otherName.text('root.crl'))), []);
  });
});
