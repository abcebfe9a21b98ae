/**
 * Every real-world openssl.cnf in shared/corpus that OpenSSL accepts must lint
 * with zero errors, and only with the warnings listed here (each justified).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';
import { LineIndex } from '../../../server/src/core/lineIndex';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { sharedCorpus } from '../../support/sharedCorpus';

const { dir: root, skip } = sharedCorpus('openssl-cnf');

/** Files OpenSSL rejects on their own (shared/corpus/SOURCES.md). */
const rejected = new Set(['openssl__openssl/test/recursive.cnf', 'OpenVPN__easy-rsa/easyrsa3/openssl-easyrsa.cnf']);

/** Warnings that are correct on these files. */
const justified: Record<string, string[]> = {
  // The fragment names policy_match, which lives in the sibling fragment includes2.cnf.
  'openssl__openssl/test/recipes/90-test_includes_data/conf-includes/includes1.cnf': ['27:REQ-016', '32:CA-010'],
  // OpenSSL skips these includes when run from elsewhere: CNF-050 says so.
  'openssl__openssl/test/recipes/90-test_includes_data/incdir.cnf': ['6:CNF-050'],
  'openssl__openssl/test/recipes/90-test_includes_data/includes.cnf': ['5:CNF-050'],
  // The stock file's [ proxy_cert_ext ] has proxyCertInfo = …,policy:foo, which OpenSSL rejects when
  // -extensions proxy_cert_ext is used; nothing in the file names that section, so a warning. (Its prompt-style
  // [ req_distinguished_name ] without commonName_default no longer gets REQ-008: it is meant for interactive use.)
  'openssl__openssl/apps/openssl.cnf': ['302:X509-PCI-1'],
  // Old OpenSSL test files sign with SHA-1 / MD5, which Go rejects.
  'openssl__openssl/test/CAtsa.cnf': ['54:REQ-016'],
  'openssl__openssl/test/ca-and-certs.cnf': ['11:REQ-016', '71:REQ-016'],
};

function walk(d: string): string[] {
  return readdirSync(d).sort().flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

test('corpus: zero errors and only justified warnings on files OpenSSL accepts', { skip }, () => {
  const files = walk(root);
  assert.ok(files.length >= 10);
  const emptyDir = '/nonexistent-cwd-for-corpus';
  for (const f of files) {
    const rel = relative(root, f);
    if (rejected.has(rel)) continue;
    clearCnfCache();
    const text = readFileSync(f, 'utf8');
    const a = analyzeCnf(text, { path: f, env: nodeEnvironment({ cwd: () => emptyDir, getEnv: () => undefined }) });
    const li = new LineIndex(text);
    const seen = a.findings.map((x) => `${li.positionAt(x.start).line + 1}:${x.code}`);
    assert.deepEqual(a.findings.filter((x) => x.severity === 'error').map((x) => `${x.code} ${x.message}`), [], rel);
    assert.deepEqual(seen, justified[rel] ?? [], rel);
  }
});

test('corpus: the easy-rsa file loads once its environment is set', { skip }, () => {
  const f = join(root, 'OpenVPN__easy-rsa/easyrsa3/openssl-easyrsa.cnf');
  const vars = Object.fromEntries(['EASYRSA_PKI', 'EASYRSA_CERT_EXPIRE', 'EASYRSA_CRL_DAYS', 'EASYRSA_DIGEST', 'EASYRSA_KEY_SIZE', 'EASYRSA_REQ_CN', 'EASYRSA_REQ_COUNTRY', 'EASYRSA_REQ_PROVINCE', 'EASYRSA_REQ_CITY', 'EASYRSA_REQ_ORG', 'EASYRSA_REQ_OU', 'EASYRSA_REQ_EMAIL', 'EASYRSA_REQ_SERIAL'].map((k) => [k, 'x']));
  clearCnfCache();
  const a = analyzeCnf(readFileSync(f, 'utf8'), { path: f, vars: { ...vars, EASYRSA_DIGEST: 'sha256', EASYRSA_DN: 'cn_only', EASYRSA_KEY_SIZE: '2048', EASYRSA_CERT_EXPIRE: '825', EASYRSA_CRL_DAYS: '180' } });
  assert.deepEqual(a.findings.map((x) => `${x.code} ${x.message}`), []);
  clearCnfCache();
  const bare = analyzeCnf(readFileSync(f, 'utf8'), { path: f, vars: {}, env: nodeEnvironment({ getEnv: () => undefined }) });
  assert.ok(bare.findings.some((x) => x.code === 'CNF-064'));
});
