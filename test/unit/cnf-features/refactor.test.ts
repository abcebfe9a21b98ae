import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { rewritesAt } from '../../../server/src/core/cnf/refactor';
import { modelOf, offsetOf } from './helpers';

function apply(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

test('short-form subjectAltName → @alt_names with numbered entries, critical kept', () => {
  const text = '[ v3 ]\nsubjectAltName = critical, DNS:a.example, DNS:b.example, IP:10.0.0.1, email:copy\n';
  const o = offsetOf(text, 'subjectAltName', 2);
  const [r] = rewritesAt(modelOf(text), o, o);
  assert.ok(r);
  assert.equal(r.kind, 'refactor.rewrite');
  assert.equal(
    apply(text, r.edits),
    '[ v3 ]\nsubjectAltName = critical, @alt_names\n\n[ alt_names ]\nDNS.1 = a.example\nDNS.2 = b.example\nIP.1 = 10.0.0.1\nemail.1 = copy\n',
  );
});

test('a fresh section name when alt_names exists; issuerAltName gets its own name', () => {
  const text = '[ v3 ]\nsubjectAltName = DNS:x\nissuerAltName = URI:http://ca\n[ alt_names ]\nDNS.1 = y';
  const m = modelOf(text);
  const san = rewritesAt(m, offsetOf(text, 'subjectAltName'), offsetOf(text, 'subjectAltName'))[0]!;
  assert.match(apply(text, san.edits), /subjectAltName = @alt_names_2\n[\s\S]*DNS\.1 = y\n\n\[ alt_names_2 \]\nDNS\.1 = x\n$/);
  const ian = rewritesAt(m, offsetOf(text, 'issuerAltName'), offsetOf(text, 'issuerAltName'))[0]!;
  assert.match(apply(text, ian.edits), /\[ issuer_alt_names \]\nURI\.1 = http:\/\/ca\n$/);
});

test('nothing offered where the rewrite would change meaning or is not possible', () => {
  for (const line of ['subjectAltName = @alt', 'subjectAltName = DNS:$host', 'subjectAltName = dns:x', 'keyUsage = digitalSignature', 'subjectAltName =']) {
    const text = `[ v3 ]\n${line}\n`;
    assert.deepEqual(rewritesAt(modelOf(text), 8, 8), [], line);
  }
});
