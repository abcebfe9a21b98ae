/**
 * After an edit the rule findings are updated, not made again (rules/index.ts updateRules):
 * after every step of random edit sequences the diagnostics of the incremental analysis
 * must equal, in content and order (fixes included), those of a fresh full analysis of the
 * same text. Sequences over the real-world corpus and over generated files with continued
 * lines, `.include`, pragmas, escaped names, repeated sections and keys, `$references`,
 * `@sections`, CA, req and library sections; edits of values, keys, section headers
 * (renamed, inserted, deleted), continued lines and referenced names. Each test also checks
 * that the update path was taken often enough to be what is tested.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCnf, clearCnfCache, settleCnfFindings } from '../../../server/src/core/cnf/analyze';
import { noteEdits } from '../../../server/src/core/cnf/edits';
import { loadConfig } from '../../../server/src/core/cnf/expand';
import { buildModel } from '../../../server/src/core/cnf/model';
import { parseCnf } from '../../../server/src/core/cnf/parser';
import { ruleRunCounts, runRules } from '../../../server/src/core/cnf/rules';
import { sharedCorpus } from '../../support/sharedCorpus';

const tsaText = '[ tsa ]\ndefault_tsa = tsa_config1\n[ tsa_config1 ]\nserial = s\nsigner_cert = c.pem\nsigner_key = k.pem\nsigner_digest = sha256\ndefault_policy = 1.2.3\ndigests = sha256\nordering = yes\n';

/** One edit: a line (fraction of the lines), a column (fraction of the line), what to do there. */
const fraction = fc.nat({ max: 9999 }).map((x) => x / 10000);
const edits = fc.array(
  fc.tuple(
    fraction,
    fraction,
    fc.oneof(
      // Typing in a value or a key, or deleting there.
      fc.constantFrom('x', 'A', '1', ' ', '.', '_', '-', '@', '$', ':', ',', '"', 'DNS:', 'match', 'cockroach', 'critical,', '@alt', '$dir', '${k1}', '$s::k1'),
      fc.constantFrom('del', 'del', 'del3'),
      // Lines and headers: a header inserted (whole or being typed), a line broken, a continuation.
      fc.constantFrom('[ new ]\n', '[ alt ]\n', '[ ca ]\n', '[', '[ x', ']', '\n', '\\', '\\\n', 'k1 = v\n', 'DNS.1 = a.example\n', 'dir = ./ca\n', 'delLine'),
    ),
  ),
  { minLength: 1, maxLength: 8 },
);

/** Applies one edit to `text`; returns the change as the editor reports it. */
function edit(text: string, [line, col, what]: [number, number, string]): { next: string; change: { start: number; end: number; length: number } } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const ls = starts[Math.floor(line * starts.length) % starts.length]!;
  const nl = text.indexOf('\n', ls);
  const le = nl < 0 ? text.length : nl;
  const at = ls + Math.floor(col * (le - ls + 1));
  let start = at;
  let end = at;
  let insert = what;
  if (what === 'del' || what === 'del3') {
    end = Math.min(text.length, at + (what === 'del' ? 1 : 3));
    insert = '';
  } else if (what === 'delLine') {
    start = ls;
    end = nl < 0 ? text.length : nl + 1;
    insert = '';
  } else if (what.endsWith('\n') && what.length > 1) start = end = ls;
  return { next: text.slice(0, start) + insert + text.slice(end), change: { start, end, length: insert.length } };
}

/** The diagnostics of a full analysis, made without the cache. */
function fresh(text: string, path: string): unknown {
  return runRules(buildModel(loadConfig(parseCnf(text), { path })));
}

/** Edits analysed so far (each either updates the findings or runs every rule). */
let analysed = 0;

/** Runs the edit sequence on `text` as the editor does (every version analysed, its findings read or settled early), comparing after each step. */
function typeAll(text: string, steps: ReadonlyArray<[number, number, string]>, label: string): void {
  const path = '/incremental/openssl.cnf';
  clearCnfCache();
  let current = text;
  let previous = analyzeCnf(current, { path });
  assert.deepStrictEqual(previous.findings, fresh(current, path), label);
  steps.forEach((s, i) => {
    const { next, change } = edit(current, s);
    noteEdits(path, current, next, [change]);
    current = next;
    const a = analyzeCnf(current, { path });
    analysed++;
    // An analysis replaced is not settled (the new one consumed its tables).
    const counts = { ...ruleRunCounts };
    settleCnfFindings(path, previous);
    assert.deepStrictEqual(ruleRunCounts, counts, `${label}, the replaced analysis settled after step ${i}`);
    previous = a;
    // Every other step an editor request reads the analysis without the findings (hover before the
    // debounce); half of those have them settled in the idle time after it, never by running every rule.
    if (i % 3 === 1) {
      if (i % 6 === 1) {
        settleCnfFindings(path, a);
        assert.equal(ruleRunCounts.full, counts.full, `${label}, settled by running every rule after step ${i}`);
      }
      return;
    }
    assert.deepStrictEqual(a.findings, fresh(current, path), `${label}, after step ${i} ${JSON.stringify(s)}`);
  });
  assert.deepStrictEqual(analyzeCnf(current, { path }).findings, fresh(current, path), `${label}, at the end`);
}

/** The update path (and in it the kept passes) was taken for at least `share` of the edits: it is what these tests test. */
function covered(before: typeof ruleRunCounts & { analysed: number }, share: number, kept: number): void {
  const n = analysed - before.analysed;
  const updated = ruleRunCounts.updated - before.updated;
  const structure = ruleRunCounts.structureKept - before.structureKept;
  const problems = ruleRunCounts.problemsKept - before.problemsKept;
  console.log(`${n} edits: ${updated} updated the findings, keeping the structure pass in ${structure} and the problem pass in ${problems}`);
  assert.ok(updated > share * n && structure > kept * updated && problems > kept * updated, `updated ${updated} of ${n}, kept ${structure} / ${problems}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name === 'SOURCES.md' ? [] : [join(dir, e.name)]));
}
const realWorld = filesUnder(join(__dirname, '../../fixtures/cnf/real-world'));

test('random edits in the real-world corpus: the updated diagnostics equal a full lint after every step', () => {
  assert.ok(realWorld.length > 50);
  const before = { ...ruleRunCounts, analysed };
  fc.assert(
    fc.property(fc.nat({ max: realWorld.length - 1 }), edits, (which, steps) => {
      typeAll(readFileSync(realWorld[which]!, 'latin1'), steps, realWorld[which]!);
    }),
    { numRuns: 400, seed: 16 },
  );
  covered(before, 0.2, 0.1);
});

const shared = sharedCorpus('openssl-cnf');

test('random edits in the shared corpus (OpenSSL, PostgreSQL, easy-rsa, Kubernetes configs): the updated diagnostics equal a full lint after every step', { skip: shared.skip }, () => {
  const files = filesUnder(shared.dir);
  assert.ok(files.length > 5);
  const before = { ...ruleRunCounts, analysed };
  fc.assert(
    fc.property(fc.nat({ max: files.length - 1 }), edits, (which, steps) => {
      typeAll(readFileSync(files[which]!, 'latin1'), steps, files[which]!);
    }),
    { numRuns: 120, seed: 1717 },
  );
  covered(before, 0.15, 0.05);
});

/** Lines of generated files: every construct the rules read across sections. */
const shapes = [
  '[ req ]',
  '[ ca ]',
  '[ CA_default ]',
  '[ alt ]',
  '[ s ]',
  '[ s ]',
  '[ t ]',
  '[ policy_match ]',
  '[ ext ]',
  '[ dn ]',
  '[ oids ]',
  '[ init ]',
  '[ a\\]b ]',
  '[ broken',
  'distinguished_name = dn',
  'req_extensions = ext',
  'x509_extensions = ext',
  'prompt = no',
  'default_ca = CA_default',
  'dir = ./ca',
  'database = $dir/index.txt',
  'new_certs_dir = $dir/new',
  'serial = $dir/serial',
  'policy = policy_match',
  'countryName = match',
  'commonName = supplied',
  'subjectAltName = @alt',
  'basicConstraints = critical,CA:true',
  'keyUsage = digitalSignature',
  'DNS.1 = a.example',
  'DNS.1 = b.example',
  'CN = node',
  'k1 = v',
  'k1 = w',
  'k2 = $k1/x',
  'k3 = ${s::k1}',
  'k4 = $nope',
  'k5 = $t::k1',
  's::k1 = 2',
  'v = a \\',
  '  b',
  '  $k1 \\',
  '.pragma dollarid:on',
  '.pragma dollarid:off',
  '.include /nonexistent.cnf',
  'oid_section = oids',
  'myOid = 1.2.3.4',
  'openssl_conf = init',
  'config_diagnostics = 1',
  '= empty',
  'HOME = .',
  '# comment',
  '',
];

test('random edits in generated files (continued lines, includes, pragmas, escaped names, repeated sections): the updated diagnostics equal a full lint after every step', () => {
  const before = { ...ruleRunCounts, analysed };
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...shapes), { minLength: 3, maxLength: 60 }), edits, (lines, steps) => {
      typeAll(lines.join('\n') + '\n', steps, lines.join('\n'));
    }),
    { numRuns: 700, seed: 1616 },
  );
  covered(before, 0.15, 0.15);
});

test('a large file: edits far apart update the findings and equal a full lint', () => {
  const lines: string[] = ['HOME = .', 'dir = ./ca', 'oid_section = oids', '[ oids ]', 'myOid = 1.2.3.4', '[ req ]', 'distinguished_name = dn', 'req_extensions = ext', '[ dn ]', 'CN = x', '[ ext ]', 'subjectAltName = @alt', '[ alt ]', 'DNS.1 = a'];
  for (let i = 0; i < 400; i++) lines.push(i % 20 === 0 ? `[ s${i} ]` : i % 9 === 0 ? `k${i} = $dir/x` : i % 13 === 0 ? `k${i - 1} = again` : `k${i} = v${i}`);
  const text = lines.join('\n') + '\n';
  const before = { ...ruleRunCounts, analysed };
  fc.assert(
    fc.property(edits, (steps) => typeAll(text, steps, 'large')),
    { numRuns: 60, seed: 7 },
  );
  covered(before, 0.3, 0.25);
});

/**
 * Each thing a pass may read outside the edited section, with an edit in a section nothing
 * else reads that changes what the pass says: the findings must change (the case matters),
 * be updated (not made from scratch), and equal a full lint. A pass that kept its findings
 * here would be wrong.
 */
test('what the passes read across sections: an edit elsewhere that changes their findings updates them', () => {
  const cases: Array<[string, string, string, string]> = [
    // The CA-001 fix names the one policy-shaped section: every section's values are read.
    ['every section read', '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndatabase = ./index.txt\nnew_certs_dir = ./new\ncertificate = ./ca.crt\nprivate_key = ./ca.key\nserial = ./serial\ndefault_md = sha256\n[ pol ]\nfield = match\n', 'field = match', 'field = matcx'],
    // "(1 more use of nope in this file)" on the first use, in another section.
    ['load problems', '[ s ]\na = $nope\n[ t ]\nb = v\n', 'b = v', 'b = $nope'],
    // A key of [ req ] used as a $variable is not a misspelt key (REQ-017).
    ['$reference names', 'promt = 1\n[ req ]\ndistinguished_name = dn\npromt = x\n[ dn ]\nCN = a\n[ s ]\nk = v\n', 'k = v', 'k = $promt'],
    // A file about CockroachDB gets the Go consequence in REQ warnings.
    ['whole-text probe', '[ req ]\ndistinguished_name = dn\nencrypt_key = yes\ndefault_md = sha1\n[ dn ]\nCN = a\n[ s ]\nk = v\n', 'k = v', 'k = cockroach'],
    // An @name anywhere keeps CNF-080 quiet about that names section.
    ['@names in values', '[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = a\n[ alt2 ]\nDNS.1 = a.example\n[ s ]\nk = v\n', 'k = v', 'k = @alt2'],
    // The "Create section" fix appends at the end, after a line break when the text has none.
    ['the text end', '[ req ]\nreq_extensions = ext\ndistinguished_name = dn\n[ dn ]\nCN = a\n[ ext ]\nsubjectAltName = @nowhere\n[ s ]\nk = v\n', 'k = v\n', 'k = v'],
    // The later definition's CNF-031 sits on the edited line, which moves the key.
    ['a key set again', '[ s ]\nk = 1\nk = 2\n', 'k = 1', '  k = 1'],
    // A section of general names nothing uses (CNF-080) stops being one: the model's roles changed, nothing read the section.
    ['the model', 'HOME = .\n[ s ]\nDNS.1 = a.example\n', 'DNS.1', 'DNX.1'],
    // A value two SEQUENCE sections down from the ASN1: extension that names the first.
    ['nested ASN.1 sections', '[ ext ]\n1.2.3.4 = ASN1:SEQUENCE:s\n[ s ]\nf = SEQ:t\n[ t ]\ng = INT:1\n', 'g = INT:1', 'g = INT:x'],
    // A key renamed into (and out of) a repeated key.
    ['a key renamed', '[ s ]\nk = 1\nj = 2\nk = 3\n', 'j = 2', 'k = 2'],
    // TSA settings (rules/tsa.ts): values ts -reply refuses, default_tsa retargeted.
    ['a TSA digest', tsaText, 'digests = sha256', 'digests = sha256, foo'],
    ['a TSA yes/no value', tsaText, 'ordering = yes', 'ordering = Yes'],
    ['default_tsa retargeted', tsaText, 'default_tsa = tsa_config1', 'default_tsa = tsa_config2'],
  ];
  for (const [what, text, from, to] of cases) {
    const path = '/channels/openssl.cnf';
    clearCnfCache();
    const before = analyzeCnf(text, { path }).findings;
    const at = text.indexOf(from);
    const next = text.slice(0, at) + to + text.slice(at + from.length);
    noteEdits(path, text, next, [{ start: at, end: at + from.length, length: to.length }]);
    const updated = ruleRunCounts.updated;
    const after = analyzeCnf(next, { path }).findings;
    assert.equal(ruleRunCounts.updated, updated + 1, `${what}: updated`);
    assert.notDeepStrictEqual(after, before, `${what}: the edit changes the findings`);
    assert.deepStrictEqual(after, fresh(next, path), what);
  }
});

test('an edit inside a continued line patches the load and updates the findings', () => {
  const text = 'HOME = .\n[ s ]\nk1 = v\nlong = first \\\n  $k1 second \\\n  third\nk3 = $nope\n[ t ]\nx = y\n';
  const path = '/continued/openssl.cnf';
  for (const [from, to] of [
    ['second', 'secxond'],
    ['$k1 second', '$k2 second'],
    ['third', 'th"ird'],
    ['  third', '  $nope'],
  ] as const) {
    clearCnfCache();
    assert.ok(analyzeCnf(text, { path }).findings);
    const at = text.indexOf(from);
    const next = text.slice(0, at) + to + text.slice(at + from.length);
    noteEdits(path, text, next, [{ start: at, end: at + from.length, length: to.length }]);
    const updated = ruleRunCounts.updated;
    const a = analyzeCnf(next, { path });
    assert.ok(a.config.reloaded, `${to}: the load is patched`);
    assert.deepStrictEqual(a.findings, fresh(next, path), to);
    assert.equal(ruleRunCounts.updated, updated + 1, `${to}: the findings are updated`);
    assert.equal(a.config.sections.get('s')!.byKey.get('long')!.value, loadConfig(parseCnf(next), { path }).sections.get('s')!.byKey.get('long')!.value);
  }
});
