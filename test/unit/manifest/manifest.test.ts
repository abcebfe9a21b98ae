/**
 * The manifest as a user meets it: one category and Title Case for every command,
 * test-only and context-only commands kept out of the palette, menus and
 * walkthrough steps that point at what exists.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
interface Menu { command: string; when?: string }
/** package.json as VS Code shows it: `%key%` strings replaced by their English text (package.nls.json). */
const nls = JSON.parse(readFileSync(resolve(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const localised = (text: string): unknown => JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && /^%[^%]+%$/.test(v) ? (nls[v.slice(1, -1)] ?? v) : v));
const manifest = localised(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Menu[]>;
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; contents: string }>;
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; description: string; media: { markdown?: string } }> }>;
  };
};
const { commands, menus, walkthroughs, viewsWelcome, views } = manifest.contributes;
const ids = new Set(commands.map((c) => c.command));
// Articles, conjunctions and prepositions of four letters or fewer stay lower case (VS Code's and Microsoft's title case).
const small = new Set(['a', 'an', 'and', 'as', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

describe('package.json contributions', () => {
  it('every command is in the Certwright category with a Title Case title', () => {
    for (const c of commands) {
      assert.equal(c.category, 'Certwright', c.command);
      const words = c.title.replace(/[()…]/g, '').split(/\s+/);
      words.forEach((w, i) => assert.ok(/^[A-Z0-9#]/.test(w) || (i > 0 && small.has(w)), `"${c.title}": "${w}" is not capitalised`));
    }
  });

  it('test-only and context-only commands are hidden from the palette', () => {
    const hidden = new Set(menus.commandPalette!.filter((m) => m.when === 'false').map((m) => m.command));
    for (const id of ['certwright.getCertificateTree', 'certwright.explainTerminalSelection', 'certwright.applyTlsFix', 'certwright.copyCertificateField']) assert.ok(hidden.has(id), id);
  });

  it('every menu entry and command link names a contributed command', () => {
    for (const [where, list] of Object.entries(menus)) for (const m of list) assert.ok(ids.has(m.command), `${where}: ${m.command}`);
    const linked = [...viewsWelcome.map((v) => v.contents), ...walkthroughs.flatMap((w) => w.steps.map((st) => st.description))].flatMap((t) => [...t.matchAll(/command:(certwright\.[\w.]+)/g)].map((m) => m[1]!));
    const viewIds = new Set(Object.values(views).flat().map((v) => `${v.id}.focus`));
    for (const id of linked) assert.ok(ids.has(id) || viewIds.has(id), id);
  });

  it('the walkthrough has its six steps and their pages exist', () => {
    const w = walkthroughs.find((x) => x.id === 'certwright.gettingStarted');
    assert.ok(w);
    assert.deepEqual(w.steps.map((st) => st.id), ['inspect', 'cnf', 'ca', 'issue', 'topology', 'setup']);
    for (const st of w.steps) assert.ok(st.media.markdown && existsSync(resolve(root, st.media.markdown)), st.id);
  });
});
