/**
 * openssl.cnf editor features of the BUILT language server, over stdio: hover,
 * completion, quick fixes (from the linter's findings via the generic code-action
 * handler), definition, references, document symbols and folding.
 * Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';

const root = resolve(__dirname, '../..');
const dir = resolve(root, 'test/protocol/.virtual-cnf'); // never written: documents live only in the protocol

/** A CockroachDB-style node certificate config; every feature below is asked about it. */
const nodeCnf = [
  /* 0 */ '# node certificate',
  /* 1 */ 'HOME = .',
  /* 2 */ 'dir = ./certs',
  /* 3 */ '',
  /* 4 */ '[ req ]',
  /* 5 */ 'prompt = no',
  /* 6 */ 'distinguished_name = dn',
  /* 7 */ 'req_extensions = v3_req',
  /* 8 */ 'default_keyfile = $dir/node.key',
  /* 9 */ '',
  /* 10 */ '[ dn ]',
  /* 11 */ 'O = Cockroach',
  /* 12 */ 'CN = node',
  /* 13 */ '',
  /* 14 */ '[ v3_req ]',
  /* 15 */ 'keyUsage = critical,digitalSignature,keyEncipherment',
  /* 16 */ 'extendedKeyUsage = serverAuth,clientAuth',
  /* 17 */ 'subjectAltName = @alt_names',
  /* 18 */ '',
  /* 19 */ '[ alt_names ]',
  /* 20 */ 'DNS.1 = node1.example.com',
  /* 21 */ 'IP.1 = 10.0.0.1',
  /* 22 */ '',
].join('\n');

const pos = (line: number, character: number): lsp.Position => ({ line, character });
/** Position of the `nth` occurrence of `needle` on `line` of `text`, plus `delta` characters. */
function at(text: string, line: number, needle: string, delta = 0): lsp.Position {
  const l = text.split('\n')[line]!;
  const i = l.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" not on line ${line}: ${l}`);
  return pos(line, i + delta);
}
function hoverText(h: lsp.Hover | null): string {
  assert.ok(h, 'no hover');
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}
function items(r: lsp.CompletionItem[] | lsp.CompletionList | null): lsp.CompletionItem[] {
  if (!r) return [];
  return Array.isArray(r) ? r : r.items;
}
const labels = (xs: lsp.CompletionItem[]): string[] => xs.map((i) => i.label);
const message = (d: lsp.Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('openssl.cnf features over stdio', () => {
  let client: TestClient;
  let n = 0;
  /** Opens `text` as a new openssl-conf document and returns its URI. */
  const openDoc = (text: string): string => client.open(fileUri(`${dir}/doc${++n}.cnf`), 'openssl-conf', text, 1);
  let uri = '';

  before(async () => {
    client = await startClient({ rootPath: root });
    uri = openDoc(nodeCnf);
  });
  after(async () => {
    if (client.process.exitCode == null) await client.shutdown();
  });

  const hover = (u: string, p: lsp.Position): Promise<lsp.Hover | null> => client.request('textDocument/hover', { textDocument: { uri: u }, position: p });
  const complete = async (u: string, p: lsp.Position, triggerCharacter?: string): Promise<lsp.CompletionItem[]> =>
    items(
      await client.request('textDocument/completion', {
        textDocument: { uri: u },
        position: p,
        context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
      }),
    );

  test('hover on keyUsage explains every word of the value, critical included', async () => {
    const md = hoverText(await hover(uri, at(nodeCnf, 15, 'keyUsage', 2)));
    assert.match(md, /\*\*keyUsage\*\*/);
    assert.match(md, /`critical`/);
    assert.match(md, /`digitalSignature` — .*signs/);
    assert.match(md, /`keyEncipherment` — /);
    assert.match(md, /CockroachDB/);
    assert.match(md, /Example: /);
  });

  test('hover on one keyUsage word focuses on that word', async () => {
    const h = await hover(uri, at(nodeCnf, 15, 'keyEncipherment', 3));
    const md = hoverText(h);
    assert.match(md, /^\*\*keyEncipherment\*\*/);
    assert.match(md, /Needed by: /);
    const start = nodeCnf.split('\n')[15]!.indexOf('keyEncipherment');
    assert.deepEqual(h!.range, { start: pos(15, start), end: pos(15, start + 'keyEncipherment'.length) });
  });

  test('hover on extendedKeyUsage names the OIDs and the systems that need them', async () => {
    const md = hoverText(await hover(uri, at(nodeCnf, 16, 'clientAuth', 1)));
    assert.match(md, /clientAuth/);
    assert.match(md, /1\.3\.6\.1\.5\.5\.7\.3\.2/);
    assert.match(md, /CockroachDB/);
  });

  test('hover on @alt_names shows the entries of [ alt_names ]', async () => {
    const md = hoverText(await hover(uri, at(nodeCnf, 17, '@alt_names', 3)));
    assert.match(md, /alt_names/);
    assert.match(md, /DNS\.1 = node1\.example\.com/);
    assert.match(md, /IP\.1 = 10\.0\.0\.1/);
  });

  test('hover on $dir shows its resolved value', async () => {
    const md = hoverText(await hover(uri, at(nodeCnf, 8, '$dir', 2)));
    assert.match(md, /\.\/certs/);
    assert.match(md, /line 3/);
  });

  test('hover on a section-naming value shows the named section', async () => {
    const md = hoverText(await hover(uri, at(nodeCnf, 7, 'v3_req', 1)));
    assert.match(md, /v3_req/);
    assert.match(md, /subjectAltName = @alt_names/);
  });

  test('hover on a key of [ req ] explains it with its default', async () => {
    const md = hoverText(await hover(uri, at(nodeCnf, 7, 'req_extensions', 1)));
    assert.match(md, /\*\*req_extensions\*\*/);
    assert.match(md, /Default: /);
  });

  test('completion inside an extension section offers extension names', async () => {
    const u = openDoc(nodeCnf.replace('subjectAltName = @alt_names', 'subjectAltName = @alt_names\n'));
    const r = await complete(u, pos(18, 0));
    const ls = labels(r);
    for (const name of ['basicConstraints', 'authorityKeyIdentifier', 'crlDistributionPoints', 'nsComment']) assert.ok(ls.includes(name), `${name} missing: ${ls.join(',')}`);
    const bc = r.find((i) => i.label === 'basicConstraints')!;
    assert.equal(bc.kind, 10 /* Property */);
    assert.ok(bc.documentation, 'no documentation on the item');
  });

  test('completion after extendedKeyUsage = offers serverAuth, clientAuth and critical', async () => {
    const u = openDoc('[ req ]\nreq_extensions = v3\n[ v3 ]\nextendedKeyUsage = \n');
    const r = await complete(u, pos(3, 19), '=');
    const ls = labels(r);
    for (const name of ['serverAuth', 'clientAuth', 'codeSigning', 'critical']) assert.ok(ls.includes(name), `${name} missing: ${ls.join(',')}`);
    assert.equal(r.find((i) => i.label === 'serverAuth')!.kind, 20 /* EnumMember */);
  });

  test('completion after keyUsage = critical, offers the usage words but not critical again', async () => {
    const u = openDoc('[ v3 ]\nkeyUsage = critical, digitalSignature, \n');
    const r = await complete(u, pos(1, 39), ',');
    const ls = labels(r);
    assert.ok(ls.includes('keyEncipherment') && ls.includes('keyCertSign'), ls.join(','));
    assert.ok(!ls.includes('critical'), 'critical is only valid first');
    assert.ok(!ls.includes('digitalSignature'), 'already listed');
  });

  test('completion of subjectAltName types and @section targets', async () => {
    const u = openDoc('[ v3 ]\nsubjectAltName = \n[ alt_names ]\nDNS.1 = a\n[ other ]\n');
    const r = await complete(u, pos(1, 17), '=');
    const ls = labels(r);
    for (const t of ['DNS:', 'IP:', 'email:', 'URI:', 'RID:', 'dirName:', 'otherName:']) assert.ok(ls.includes(t), `${t} missing: ${ls.join(',')}`);
    assert.ok(ls.includes('@alt_names'), ls.join(','));
    const at2 = openDoc('[ v3 ]\nsubjectAltName = @\n[ alt_names ]\nDNS.1 = a\n');
    const r2 = await complete(at2, pos(1, 18), '@');
    assert.ok(labels(r2).includes('alt_names'), labels(r2).join(','));
    assert.ok(!labels(r2).includes('v3'), 'the section itself is not a sensible target');
  });

  test('completion of section names in a section-naming value', async () => {
    const u = openDoc('[ req ]\ndistinguished_name = \n[ req_dn ]\nCN = x\n[ v3_req ]\nbasicConstraints = CA:FALSE\n');
    const ls = labels(await complete(u, pos(1, 21), '='));
    assert.ok(ls.includes('req_dn') && ls.includes('v3_req'), ls.join(','));
  });

  test('completion of $variables offers only names defined before the cursor', async () => {
    const u = openDoc('base = /etc/ssl\n[ CA_default ]\ndir = $\nlater = x\n');
    const r = await complete(u, pos(2, 7), '$');
    const ls = labels(r);
    assert.ok(ls.includes('base'), ls.join(','));
    assert.ok(!ls.includes('later'), 'later is defined after the cursor');
    assert.equal(r.find((i) => i.label === 'base')!.kind, 6 /* Variable */);
  });

  test('completion on a file with thousands of sections: a bounded list marked incomplete, so the editor asks again as the user types', async () => {
    const many = `${Array.from({ length: 2500 }, (_, i) => `[ s${i} ]\nk = ${i}\n`).join('')}[ last ]\nv = $\n`;
    const u = openDoc(many);
    const line = many.split('\n').length - 2;
    const r = await client.request<lsp.CompletionList | lsp.CompletionItem[]>('textDocument/completion', { textDocument: { uri: u }, position: pos(line, 5), context: { triggerKind: 2, triggerCharacter: '$' } });
    assert.ok(!Array.isArray(r) && r.isIncomplete, 'an incomplete CompletionList');
    const sections = r.items.filter((i) => i.label.startsWith('s') && i.label.endsWith('::'));
    assert.equal(sections.length, 1000);
    // A small file's answer stays a plain, complete list.
    assert.ok(Array.isArray(await client.request('textDocument/completion', { textDocument: { uri }, position: at(nodeCnf, 8, '$dir', 1) })));
  });

  test('completion of keys by section role, and of section names in a header', async () => {
    const u = openDoc('[ req ]\n\n[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\n\n[ \n');
    const req = labels(await complete(u, pos(1, 0)));
    for (const k of ['distinguished_name', 'req_extensions', 'x509_extensions', 'prompt', 'default_bits']) assert.ok(req.includes(k), `${k} missing: ${req.join(',')}`);
    const ca = labels(await complete(u, pos(5, 0)));
    for (const k of ['database', 'new_certs_dir', 'policy', 'copy_extensions']) assert.ok(ca.includes(k), `${k} missing: ${ca.join(',')}`);
    assert.ok(!ca.includes('req_extensions'));
    const headers = labels(await complete(u, pos(6, 2), '['));
    assert.ok(headers.length > 0, 'no section names offered in a header');
  });

  test('definition of @section, section-naming values and $var', async () => {
    const defs = async (p: lsp.Position): Promise<lsp.Location[]> => {
      const r = await client.request<lsp.Location[] | lsp.Location | null>('textDocument/definition', { textDocument: { uri }, position: p });
      return r == null ? [] : Array.isArray(r) ? r : [r];
    };
    const alt = await defs(at(nodeCnf, 17, 'alt_names', 2));
    assert.equal(alt.length, 1);
    assert.equal(alt[0]!.uri, uri);
    assert.equal(alt[0]!.range.start.line, 19);
    const v3 = await defs(at(nodeCnf, 7, 'v3_req', 2));
    assert.equal(v3[0]!.range.start.line, 14);
    const dn = await defs(at(nodeCnf, 6, '= dn', 3));
    assert.equal(dn[0]!.range.start.line, 10);
    const dir = await defs(at(nodeCnf, 8, '$dir', 2));
    assert.equal(dir.length, 1);
    assert.deepEqual(dir[0]!.range.start, pos(2, 0));
  });

  test('references of a section include every @section and section-naming use', async () => {
    const u = openDoc('[ req ]\nreq_extensions = v3\nx509_extensions = v3\n[ v3 ]\nsubjectAltName = @alt\nissuerAltName = @alt\n[ alt ]\nDNS.1 = a\n');
    const refs = await client.request<lsp.Location[]>('textDocument/references', { textDocument: { uri: u }, position: pos(6, 3), context: { includeDeclaration: false } });
    assert.deepEqual(refs.map((r) => r.range.start.line).sort(), [4, 5]);
    const refs2 = await client.request<lsp.Location[]>('textDocument/references', { textDocument: { uri: u }, position: pos(1, 18), context: { includeDeclaration: true } });
    assert.deepEqual(refs2.map((r) => r.range.start.line).sort(), [1, 2, 3]);
  });

  test('references of a variable', async () => {
    const u = openDoc('dir = /ca\n[ CA_default ]\ncerts = $dir/certs\ndatabase = ${dir}/index.txt\nother = $CA_default::certs\n');
    const refs = await client.request<lsp.Location[]>('textDocument/references', { textDocument: { uri: u }, position: pos(0, 1), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r) => `${r.range.start.line}:${r.range.start.character}`).sort(), ['0:0', '2:8', '3:11']);
  });

  test('document symbols: sections with their keys', async () => {
    const syms = await client.request<lsp.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = syms.map((s) => s.name);
    assert.ok(names.includes('req') && names.includes('v3_req') && names.includes('alt_names'), names.join(','));
    const v3 = syms.find((s) => s.name === 'v3_req')!;
    assert.deepEqual(v3.children!.map((c) => c.name), ['keyUsage', 'extendedKeyUsage', 'subjectAltName']);
    assert.equal(v3.range.start.line, 14);
    assert.ok(v3.range.end.line >= 17);
    assert.equal(v3.selectionRange.start.line, 14);
  });

  test('folding ranges: one per section', async () => {
    const ranges = await client.request<lsp.FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const sections = ranges.filter((r) => r.kind === undefined || r.kind === 'region');
    const starts = sections.map((r) => r.startLine);
    for (const l of [4, 10, 14, 19]) assert.ok(starts.includes(l), `no fold at ${l}: ${JSON.stringify(ranges)}`);
    const v3 = sections.find((r) => r.startLine === 14)!;
    assert.equal(v3.endLine, 17);
  });

  test('quick fix: a subjectAltName nothing uses gets "add req_extensions", whose edit lands in [ req ]', async () => {
    const text = ['[ req ]', 'prompt = no', 'distinguished_name = dn', '', '[ dn ]', 'CN = node', '', '[ v3_req ]', 'subjectAltName = DNS:node1', ''].join('\n');
    const u = openDoc(text);
    const ds = await client.diagnostics(u, (p) => p.diagnostics.some((d) => d.code === 'REQ-020'), 20_000);
    const d = ds.find((x) => x.code === 'REQ-020')!;
    assert.match(message(d), /subjectAltName/);
    assert.equal(d.range.start.line, 8);
    assert.ok(d, JSON.stringify(ds));
    const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => /req_extensions/.test(a.title));
    assert.ok(fix, `no "add req_extensions" fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, 'quickfix');
    const edits = fix.edit!.changes![u]!;
    assert.equal(edits.length, 1);
    const applied = applyEdits(text, edits);
    assert.match(applied, /\[ req \][^[]*req_extensions\s*=\s*v3_req/);
  });

  test('quick fix: a misspelt keyUsage word', async () => {
    const text = '[ req ]\nreq_extensions = v3\ndistinguished_name = dn\n[ dn ]\nCN = x\n[ v3 ]\nkeyUsage = critical, digitalsignature\n';
    const u = openDoc(text);
    const ds = await client.diagnostics(u, (p) => p.diagnostics.some((d) => d.severity === 1 && d.range.start.line === 6), 20_000);
    const d = ds.find((x) => x.severity === 1 && x.range.start.line === 6)!;
    const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => /digitalSignature/.test(a.title));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.match(applyEdits(text, fix.edit!.changes![u]!), /keyUsage = critical, digitalSignature\n/);
  });

  /** The code actions offered for the first diagnostic with `code`. */
  async function fixesFor(text: string, code: string): Promise<{ u: string; d: lsp.Diagnostic; actions: lsp.CodeAction[] }> {
    const u = openDoc(text);
    const ds = await client.diagnostics(u, (p) => p.diagnostics.some((d) => d.code === code), 20_000);
    const d = ds.find((x) => x.code === code)!;
    const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    return { u, d, actions };
  }

  test('quick fix: a missing @alt_names section is created', async () => {
    const text = '[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = v3_req\n[ dn ]\nCN = node\n[ v3_req ]\nsubjectAltName = @alt_names\n';
    const u = openDoc(text);
    const ds = await client.diagnostics(u, (p) => p.diagnostics.some((d) => d.severity === 1 && d.range.start.line === 7), 20_000);
    const d = ds.find((x) => x.severity === 1 && x.range.start.line === 7)!;
    const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => /\[ alt_names \]/.test(a.title));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const applied = applyEdits(text, fix.edit!.changes![u]!);
    assert.match(applied, /\n\[ alt_names \]\n/);
    // The fixed text no longer has the error.
    const u2 = openDoc(applied);
    const after = await client.diagnostics(u2, () => true, 20_000);
    assert.ok(!after.some((x) => x.severity === 1), JSON.stringify(after));
  });

  test('quick fix: a CIDR in nameConstraints becomes address/netmask', async () => {
    const text = '[ v3_ca ]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nnameConstraints = critical, permitted;IP:10.0.0.0/8\n';
    const { u, actions } = await fixesFor(text, 'X509-NC-2');
    const fix = actions.find((a) => /255\.0\.0\.0/.test(a.title));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.match(applyEdits(text, fix.edit!.changes![u]!), /permitted;IP:10\.0\.0\.0\/255\.0\.0\.0\n/);
  });

  test('code action: rewrite a short-form subjectAltName into an @alt_names section', async () => {
    const text = '[ v3_req ]\nsubjectAltName = DNS:node1, IP:10.0.0.1\n';
    const u = openDoc(text);
    const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: { start: pos(1, 3), end: pos(1, 3) }, context: { diagnostics: [] } });
    const rw = actions.find((a) => a.kind === 'refactor.rewrite');
    assert.ok(rw, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(applyEdits(text, rw.edit!.changes![u]!), '[ v3_req ]\nsubjectAltName = @alt_names\n\n[ alt_names ]\nDNS.1 = node1\nIP.1 = 10.0.0.1\n');
    const onlyFixes = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: { start: pos(1, 3), end: pos(1, 3) }, context: { diagnostics: [], only: ['quickfix'] } });
    assert.ok(!onlyFixes.some((a) => a.kind === 'refactor.rewrite'));
  });
});

/** Applies LSP text edits (non-overlapping) to `text`. */
function applyEdits(text: string, edits: lsp.TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: lsp.Position): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
