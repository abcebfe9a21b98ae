/**
 * The openssl.cnf adapter keeps state across document versions (the model cache, the last
 * outline whose unchanged symbols the next one reuses, the edit journal the analysis
 * follows): after any sequence of edits, every answer must equal the one a fresh load of the
 * same text gives. Random openssl.cnf-shaped files with sections, references, continued
 * lines, `.include` and pragmas, random edits through the server's document sync (values,
 * keys, header renames, inserted and deleted lines and headers), and every request kind at
 * random positions, compared with a document opened afresh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type * as lsp from 'vscode-languageserver';
import { cnfFeature, forgetCnfDocument } from '../../../server/src/features/cnf';
import type { FeatureContext, IdleSlices } from '../../../server/src/features/feature';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { minimalClient, type ClientCapabilities } from '../../../server/src/capabilities';
import { analyzeCnf, forgetCnfAnalysis } from '../../../server/src/core/cnf/analyze';
import { buildFeatureModel } from '../../../server/src/core/cnf/featureModel';
import { referencesOf, targetAt } from '../../../server/src/core/cnf/navigation';
import { LocationsMaker, locations } from '../../../server/src/features/cnfReferences';
import { positionsOf } from '../../../server/src/features/cnfPositions';
import { updateTracked } from '../../../server/src/trackedUpdate';
import { isSealed, messageBytes, messageJson, prepareJson } from '../../../server/src/sealedJson';

const included = '[ inc ]\nik = from include\nuse = $base/x\n';
const env = { fs: memoryFileSystem({ '/w/inc.cnf': included }), getEnv: () => undefined, cwd: () => '/w', now: () => new Date(0) };
const client: ClientCapabilities = { ...minimalClient, hoverMarkdown: true, completionMarkdown: true, snippets: true, clientCommands: new Set(['editor.action.triggerSuggest']) };
const ctx = { env, client: () => client, workspaceRoots: () => ['/w'] } as unknown as FeatureContext;

const lineShapes = [
  '[ req ]',
  '[ v3 ]',
  '[ alt ]',
  '[ s1 ]',
  '[ dn ]',
  'distinguished_name = dn',
  'req_extensions = v3',
  'prompt = no',
  'CN = $base',
  'subjectAltName = @alt',
  'keyUsage = critical, digitalSignature',
  'DNS.1 = a.example',
  'base = example',
  'k = v # c',
  'x = $k/y',
  'y = ${s1::k}',
  'z = $(default::base)',
  's1::k = 2',
  'v = a \\',
  '  b $base \\',
  '# comment',
  '.pragma dollarid:on',
  '.pragma dollarid:off',
  '.include /w/inc.cnf',
  'bad line',
  '',
];
const file = fc.array(fc.constantFrom(...lineShapes), { minLength: 1, maxLength: 30 }).map((l) => l.join('\n') + '\n');
const insertion = fc.oneof(
  fc.constantFrom('a', 'Z', '1', ' ', '$', '=', '[', ']', '\\', '#', '\n', '', 'base', '$base', '::', '@'),
  fc.constantFrom(...lineShapes.map((l) => l + '\n')),
);
/** Where (a fraction of the text), how much to replace, what to insert. */
const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 12 }), insertion);

let fresh = 0;

/**
 * Every answer at `offsets`, for the document as it is (the URI made neutral, to compare with a
 * fresh document), each as the server's writer encodes it: a sealed answer, or a sealed part of
 * one, is sent with the JSON kept from its first sending (sealedJson.ts), which must still be
 * the answer's own.
 */
async function answers(doc: TextDocument, offsets: readonly number[]): Promise<string> {
  const td = { uri: doc.uri };
  const out: unknown[] = [await cnfFeature.documentSymbols!(doc, ctx), await cnfFeature.foldingRanges!(doc, ctx)];
  for (const o of offsets) {
    const position = doc.positionAt(o);
    out.push(
      await cnfFeature.hover!(doc, { textDocument: td, position }, ctx),
      await cnfFeature.completion!(doc, { textDocument: td, position }, ctx),
      await cnfFeature.definition!(doc, { textDocument: td, position }, ctx),
      await cnfFeature.references!(doc, { textDocument: td, position, context: { includeDeclaration: true } }, ctx),
      await cnfFeature.codeActions!(doc, { textDocument: td, range: { start: position, end: position }, context: { diagnostics: [] } }, ctx),
    );
  }
  return out.map((result) => messageJson({ jsonrpc: '2.0', id: 1, result } as Parameters<typeof messageJson>[0])).join('\n').replaceAll(doc.uri, 'file:///w/DOC');
}

/** The answers of a document opened afresh with `text` (its own URI, nothing cached). */
async function freshAnswers(text: string, offsets: readonly number[]): Promise<string> {
  const uri = `file:///w/fresh-${++fresh}.cnf`;
  try {
    return await answers(TextDocument.create(uri, 'openssl-conf', 1, text), offsets);
  } finally {
    forgetCnfDocument(uri);
    forgetCnfAnalysis(`/w/fresh-${fresh}.cnf`);
  }
}

test('after random edit sequences every answer equals a fresh load of the same text', async () => {
  let step = 0;
  await fc.assert(
    fc.asyncProperty(file, fc.array(fc.tuple(edit, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 8 }), async (initial, edits) => {
      const uri = `file:///w/edited-${++step}.cnf`;
      let doc = TextDocument.create(uri, 'openssl-conf', 1, initial);
      try {
        // The first version is answered too, so the later ones have a cache to go wrong with.
        await answers(doc, [0]);
        let version = 1;
        for (const [[at, len, ins], spots] of edits) {
          const text = doc.getText();
          const start = Math.floor(at * text.length);
          const end = Math.min(text.length, start + len);
          doc = updateTracked(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: ins }], ++version);
          const now = doc.getText();
          const offsets = spots.map((f) => Math.floor(f * now.length));
          assert.equal(await answers(doc, offsets), await freshAnswers(now, offsets), `after ${JSON.stringify(ins)} at ${start}..${end}`);
        }
      } finally {
        forgetCnfDocument(uri);
        forgetCnfAnalysis(`/w/edited-${step}.cnf`);
      }
    }),
    { numRuns: 250 },
  );
});

test('positions from the remembered line equal positionAt, on every line-break kind', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é'), maxLength: 200 }), fc.array(fc.integer({ min: -2, max: 210 }), { maxLength: 40 }), fc.boolean(), (text, offsets, ascending) => {
      const doc = TextDocument.create('file:///w/p.cnf', 'openssl-conf', 1, text);
      const at = positionsOf(doc);
      // In file order (as answers mostly ask) and in any order.
      if (ascending) offsets.sort((a, b) => a - b);
      const into = { line: -1, character: -1 };
      for (const [k, o] of offsets.entries()) {
        // Both forms, in turns: a new position, and one written into an object (the outline's).
        if (k % 2) at.into(o, into);
        assert.deepEqual(k % 2 ? into : at(o), doc.positionAt(o), `offset ${o} in ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('an edit inside one section leaves the other sections of the outline the same objects', async () => {
  const text = Array.from({ length: 40 }, (_, i) => `[ s${i} ]\nk = v${i}\n`).join('');
  const uri = 'file:///w/reuse.cnf';
  let doc = TextDocument.create(uri, 'openssl-conf', 1, text);
  try {
    const before = (await cnfFeature.documentSymbols!(doc, ctx)) as lsp.DocumentSymbol[];
    doc = updateTracked(doc, [{ range: { start: { line: 41, character: 4 }, end: { line: 41, character: 5 } }, text: 'X' }], 2);
    const after = (await cnfFeature.documentSymbols!(doc, ctx)) as lsp.DocumentSymbol[];
    assert.equal(after[20]!.children![0]!.detail, 'X20');
    assert.deepEqual(
      after.map((s, i) => s === before[i]),
      after.map((_, i) => i !== 20),
    );
    // The answer and each of its symbols are sealed: the writer keeps their JSON (sealedJson.ts).
    assert.ok(isSealed(after) && after.every(isSealed));
  } finally {
    forgetCnfDocument(uri);
    forgetCnfAnalysis('/w/reuse.cnf');
  }
});

test('references at every offset of one version equal those of a fresh document (answers kept per version)', async () => {
  await fc.assert(
    fc.asyncProperty(file, async (text) => {
      const uri = 'file:///w/refs-kept.cnf';
      const doc = TextDocument.create(uri, 'openssl-conf', 1, text);
      try {
        const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
        const refs = async (d: TextDocument, o: number): Promise<string> => {
          const answer = await cnfFeature.references!(d, { textDocument: { uri: d.uri }, position: d.positionAt(o), context: { includeDeclaration: o % 2 === 0 } }, ctx);
          return messageJson({ jsonrpc: '2.0', id: 1, result: answer } as Parameters<typeof messageJson>[0]).replaceAll(d.uri, 'file:///w/DOC');
        };
        const kept: string[] = [];
        for (const o of offsets) kept.push(await refs(doc, o));
        const expected: string[] = [];
        for (const o of offsets) {
          // A fresh document for each offset: nothing kept from another request.
          const f = TextDocument.create(`file:///w/refs-fresh-${++fresh}.cnf`, 'openssl-conf', 1, text);
          expected.push(await refs(f, o));
          forgetCnfDocument(f.uri);
          forgetCnfAnalysis(`/w/refs-fresh-${fresh}.cnf`);
        }
        assert.deepEqual(kept, expected);
      } finally {
        forgetCnfDocument(uri);
        forgetCnfAnalysis('/w/refs-kept.cnf');
      }
    }),
    { numRuns: 40 },
  );
});

/**
 * Idle time (prepare) builds the outline and its JSON a slice at a time, and a newer version or
 * a request may come at any point: after any edits, each prepared as far as a random number of
 * slices got (or not at all, or abandoned midway), every answer equals a fresh document's.
 */
test('answers after idle preparation stopped at any slice equal a fresh load of the same text', async () => {
  // Enough sections that an outline takes several slices (the builder looks at the clock every 64 symbols).
  const big = (n: number): string => Array.from({ length: n }, (_, i) => `[ s${i} ]\nk = v${i}\nx = $k/${i}\nalt = @s${(i * 7) % n}\n`).join('');
  const slices = (n: number): IdleSlices => ({ spent: () => true, next: () => Promise.resolve(n-- > 0) });
  let step = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 70, max: 400 }),
      fc.array(fc.tuple(edit, fc.nat({ max: 40 }), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 }),
      async (sections, edits) => {
        const uri = `file:///w/prepared-${++step}.cnf`;
        let doc = TextDocument.create(uri, 'openssl-conf', 1, big(sections));
        try {
          await cnfFeature.prepare!(doc, ctx, slices(3));
          let version = 1;
          for (const [[at, len, ins], n, ask, spot] of edits) {
            const text = doc.getText();
            const start = Math.floor(at * text.length);
            const end = Math.min(text.length, start + len);
            doc = updateTracked(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: ins }], ++version);
            await cnfFeature.prepare!(doc, ctx, slices(n));
            // Some versions are never asked for: the next one's outline reuses the last one made.
            if (!ask) continue;
            const offsets = [Math.floor(spot * doc.getText().length)];
            assert.equal(await answers(doc, offsets), await freshAnswers(doc.getText(), offsets));
          }
        } finally {
          forgetCnfDocument(uri);
          forgetCnfAnalysis(`/w/prepared-${step}.cnf`);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('a prepared outline is the one a request builds, its bytes JSON.stringify of it; a closed document forgets it', async () => {
  const text = Array.from({ length: 500 }, (_, i) => `[ s${i} ]\nk = v${i}\n`).join('');
  const uri = 'file:///w/prepared-whole.cnf';
  const doc = TextDocument.create(uri, 'openssl-conf', 1, text);
  try {
    let slicesUsed = 0;
    await cnfFeature.prepare!(doc, ctx, { spent: () => true, next: () => Promise.resolve(++slicesUsed > 0) });
    assert.ok(slicesUsed > 3, `the outline of 500 sections took ${slicesUsed} slices`);
    const prepared = (await cnfFeature.documentSymbols!(doc, ctx)) as lsp.DocumentSymbol[];
    const bytes = messageBytes({ jsonrpc: '2.0', id: 7, result: prepared } as Parameters<typeof messageBytes>[0], 'utf-8');
    assert.equal(Buffer.from(bytes).toString('utf8'), JSON.stringify({ jsonrpc: '2.0', id: 7, result: prepared }));
    forgetCnfDocument(uri);
    forgetCnfAnalysis('/w/prepared-whole.cnf');
    const fresh = (await cnfFeature.documentSymbols!(doc, ctx)) as lsp.DocumentSymbol[];
    assert.notEqual(fresh, prepared, 'the closed document’s outline is not kept');
    assert.deepEqual(fresh, prepared);
  } finally {
    forgetCnfDocument(uri);
    forgetCnfAnalysis('/w/prepared-whole.cnf');
  }
});

test('after an edit, a references answer is made of the last version’s locations that came out equal', async () => {
  const text = `base = x\n${Array.from({ length: 300 }, (_, i) => `[ s${i} ]\nk = $base/${i}\n`).join('')}`;
  const uri = 'file:///w/refs-reuse.cnf';
  let doc = TextDocument.create(uri, 'openssl-conf', 1, text);
  const ask = async (d: TextDocument): Promise<lsp.Location[]> => (await cnfFeature.references!(d, { textDocument: { uri }, position: { line: 0, character: 1 }, context: { includeDeclaration: true } }, ctx)) as lsp.Location[];
  try {
    const before = await ask(doc);
    assert.equal(before.length, 301);
    // A character typed in the value of line 201 (its reference moves 1 to the right); then a line inserted above line 101.
    doc = updateTracked(doc, [{ range: { start: { line: 200, character: 4 }, end: { line: 200, character: 4 } }, text: 'Z' }], 2);
    const typed = await ask(doc);
    assert.deepEqual(
      typed.map((l, i) => l === before[i]),
      typed.map((_, i) => i !== 100),
    );
    doc = updateTracked(doc, [{ range: { start: { line: 101, character: 0 }, end: { line: 101, character: 0 } }, text: '# note\n' }], 3);
    const inserted = await ask(doc);
    assert.deepEqual(
      inserted.map((l, i) => l === typed[i]),
      inserted.map((_, i) => i <= 50),
    );
    // The answer is sealed whole (its JSON made once, when first sent).
    assert.ok(isSealed(inserted));
    // A section renamed moves no use of $base: the answer is the last version's, as it was sent.
    doc = updateTracked(doc, [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } }, text: 'r0' }], 4);
    assert.equal(await ask(doc), inserted);
    // A version on which another name is asked for, then this one again: still the same answer.
    doc = updateTracked(doc, [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 4 } }, text: 'r1' }], 5);
    const other = await cnfFeature.references!(doc, { textDocument: { uri }, position: { line: 3, character: 3 }, context: { includeDeclaration: true } }, ctx);
    assert.equal(other.length, 1);
    doc = updateTracked(doc, [{ range: { start: { line: 5, character: 2 }, end: { line: 5, character: 4 } }, text: 'r2' }], 6);
    assert.equal(await ask(doc), inserted);
    assert.equal(messageJson({ jsonrpc: '2.0', id: 1, result: inserted } as Parameters<typeof messageJson>[0]), JSON.stringify({ jsonrpc: '2.0', id: 1, result: inserted }));
    assert.equal(JSON.stringify(inserted).replaceAll(uri, 'file:///w/DOC'), await freshAnswersOf(doc.getText()));
  } finally {
    forgetCnfDocument(uri);
    forgetCnfAnalysis('/w/refs-reuse.cnf');
  }

  async function freshAnswersOf(t: string): Promise<string> {
    const f = TextDocument.create(`file:///w/refs-reuse-fresh-${++fresh}.cnf`, 'openssl-conf', 1, t);
    try {
      const a = await cnfFeature.references!(f, { textDocument: { uri: f.uri }, position: { line: 0, character: 1 }, context: { includeDeclaration: true } }, ctx);
      return JSON.stringify(a).replaceAll(f.uri, 'file:///w/DOC');
    } finally {
      forgetCnfDocument(f.uri);
      forgetCnfAnalysis(`/w/refs-reuse-fresh-${fresh}.cnf`);
    }
  }
});

test('the references of a much-used name are made ahead in idle time, and after edits prepared at any slice equal a fresh load', async () => {
  // `base` used 2,100 times, `other` 1,500 times: only the first is worth making ahead.
  const text = `base = x\nother = y\n\n${Array.from({ length: 300 }, (_, i) => `[ s${i} ]\n${Array.from({ length: 7 }, (_, k) => `k${k} = $base/${i}`).join('\n')}\n${Array.from({ length: 5 }, (_, k) => `o${k} = $other`).join('\n')}\n`).join('')}`;
  const baseUse = { line: 5, character: 7 };
  const ask = async (d: TextDocument, position: lsp.Position): Promise<lsp.Location[]> =>
    (await cnfFeature.references!(d, { textDocument: { uri: d.uri }, position, context: { includeDeclaration: true } }, ctx)) as lsp.Location[];
  const slices = (n: number): IdleSlices => ({ spent: () => true, next: () => Promise.resolve(n-- > 0) });
  // Whether an answer's bytes are made already: preparing it then takes no slice.
  const made = (a: lsp.Location[]): boolean => prepareJson(a, () => true);
  const unprepared = TextDocument.create('file:///w/refs-unprepared.cnf', 'openssl-conf', 1, text);
  const uri = 'file:///w/refs-prepared.cnf';
  let doc = TextDocument.create(uri, 'openssl-conf', 1, text);
  try {
    assert.equal(made(await ask(unprepared, baseUse)), false);
    assert.equal(made(await ask(unprepared, { line: 1, character: 2 })), false);
    await cnfFeature.prepare!(doc, ctx, slices(1000));
    const prepared = await ask(doc, baseUse);
    assert.equal(prepared.length, 2101);
    assert.ok(made(prepared), 'the much-used name’s answer and its bytes were made in idle time');
    assert.equal(made(await ask(doc, { line: 1, character: 2 })), false, 'a name used 1,500 times is made when asked');
    await fc.assert(
      fc.asyncProperty(edit, fc.nat({ max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), async ([at, len, ins], n, spot) => {
        const now = doc.getText();
        const start = Math.floor(at * now.length);
        doc = updateTracked(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(Math.min(now.length, start + len)) }, text: ins }], doc.version + 1);
        await cnfFeature.prepare!(doc, ctx, slices(n));
        const offsets = [Math.floor(spot * doc.getText().length), doc.offsetAt(baseUse)];
        assert.equal(await answers(doc, offsets), await freshAnswers(doc.getText(), offsets));
      }),
      { numRuns: 25 },
    );
  } finally {
    forgetCnfDocument(uri);
    forgetCnfAnalysis('/w/refs-prepared.cnf');
    forgetCnfDocument(unprepared.uri);
    forgetCnfAnalysis('/w/refs-unprepared.cnf');
  }
});

test('a references answer made a part at a time (idle slices) equals the one made at once, and reuses the earlier answer the same way', () => {
  const text = `base = x\n${Array.from({ length: 2500 }, (_, i) => `k${i} = $base/${i}`).join('\n')}\n`;
  const uri = 'file:///w/refs-parts.cnf';
  const doc = TextDocument.create(uri, 'openssl-conf', 1, text);
  const model = buildFeatureModel(analyzeCnf(text, { path: '/w/refs-parts.cnf' }));
  try {
    const target = targetAt(model, text.indexOf('$base') + 1)!;
    const locs = referencesOf(model, target, true);
    assert.equal(locs.length, 2501);
    const once = locations(doc, model, locs);
    const parts = (previous?: lsp.Location[]): { calls: number; answer: lsp.Location[] } => {
      const m = new LocationsMaker(doc, model, locs, previous ?? []);
      let calls = 1;
      while (!m.make(() => true)) calls++;
      return { calls, answer: m.result() };
    };
    const first = parts();
    assert.equal(first.calls, 3, 'three parts of at most 1,024 locations');
    assert.deepStrictEqual(first.answer, once);
    assert.equal(parts(once).answer, once, 'every location equal to the earlier answer’s: that answer itself');
  } finally {
    forgetCnfAnalysis('/w/refs-parts.cnf');
  }
});
