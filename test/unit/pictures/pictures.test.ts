/**
 * The pictures and the Explorer decorations over a PKI made by the real openssl
 * CLI (test/unit/pki/openssl.ts): one timeline bar per certificate and CRL, soonest
 * end first, coloured by status against an injected clock, the today line and the
 * warning band where the dates put them; the chain diagram's columns (root →
 * intermediate → leaves) and its key, revoked and CRL badges; decorations of expired,
 * expiring and revoked files; names escaped in the SVG. The words go through the
 * injected translation (the shipped Simplified Chinese bundle here), and the
 * Certificates view's tooltips draw the tree's marks as codicons.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import type { ListCertificatesResult } from '../../../server/src/protocol/inspect';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { timeline } from '../../../client/src/views/pictures/timeline';
import { chainDiagram } from '../../../client/src/views/pictures/chainDiagram';
import { certificateDecorations } from '../../../client/src/views/decorationModel';
import { fileMarks } from '../../../server/src/core/pki/fileMarks';
import { pictureTree } from '../../../server/src/core/pki/pictureTree';
import { tooltipMarkdown } from '../../../client/src/views/tooltipMarkdown';
import { roleWord } from '../../../client/src/views/roleWord';
import { english, type L10n } from '../../../client/src/l10nFormat';
import { roleNames, type CertificateRole } from '../../../server/src/core/format';
import type { PkiNode } from '../../../server/src/protocol/inspect';
import { makeTestPki, type TestPki } from '../pki/openssl';

const dayMs = 86_400_000;
const files = ['root.crt', 'root.key', 'inter.crt', 'inter.key', 'server.crt', 'server.key', 'client.crt', 'client.key', 'node.crt', 'node.key', 'revoked.crt', 'inter.crl', 'chain.pem', 'odd.crt'];

describe('pictures', () => {
  let pki: TestPki;
  let model: PkiWorkspace;
  before(() => {
    pki = makeTestPki();
    // A name that must be escaped in SVG, issued for two days.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'odd.key', '-out', 'odd.crt', '-subj', '/CN=a<b&"c"', '-days', '2'], { cwd: pki.dir, stdio: 'ignore' });
    model = new PkiWorkspace(nodePkiCrypto);
    for (const f of files) model.setFile(pki.path(f), 's1', pki.read(f));
  });
  after(() => pki.cleanup());

  function tree(now: number): ListCertificatesResult {
    return { ...model.tree({ now, expiryWarningDays: 30 }), version: 1, ms: 0, scannedRoots: [pki.dir] };
  }

  /** What the server sends the Explorer decorations (certwright/fileMarks). */
  function marks(now: number): ReturnType<typeof fileMarks> {
    return fileMarks(model.build({ now, expiryWarningDays: 30 }));
  }

  it('timeline: one bar per certificate and CRL, soonest end first, coloured by status', () => {
    const now = Date.now();
    const t = timeline(tree(now), { now, warningDays: 30 });
    const counts = tree(now).counts;
    assert.equal(t.items.length, counts.certificates + counts.crls);
    assert.equal(t.total, t.items.length);
    const ends = t.items.map((i) => i.to ?? Infinity);
    assert.deepEqual(ends, [...ends].sort((a, b) => a - b), 'sorted by end');
    assert.equal(t.items[0]!.label, 'a<b&"c"', 'the two-day certificate ends first');
    assert.equal(t.items[0]!.tone, 'warn', 'two days left is inside the 30-day window');
    assert.equal(t.items.find((i) => i.label === 'revoked.example.test')!.tone, 'error');
    assert.equal(t.items.find((i) => i.kind === 'crl')!.tone, 'crl');
    assert.equal(t.items.find((i) => i.label === 'db.example.test')!.tone, 'ok');
    // Every bar is a focusable link to its item.
    assert.equal(t.svg.match(/data-open="/g)?.length, t.items.length);
    assert.ok(!t.svg.includes('a<b'), 'names are escaped');
    assert.ok(t.svg.includes('a&lt;b&amp;&quot;c&quot;'));
  });

  it('timeline: the today line and the warning band sit where the dates put them; later, everything is expired or stale', () => {
    const now = Date.now();
    const t = timeline(tree(now), { now, warningDays: 30 });
    const today = /<line x1="([\d.]+)" x2="\1" y1="[\d.]+" y2="[\d.]+" class="today"\/>/.exec(t.svg);
    assert.ok(today, 'a today line');
    const band = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" class="warn-band">/.exec(t.svg);
    assert.ok(band, 'a warning band');
    assert.equal(Number(band[1]), Number(today[1]), 'the band starts today');
    const wider = /class="warn-band"/.test(timeline(tree(now), { now, warningDays: 90 }).svg) && /<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="[\d.]+" class="warn-band">/.exec(timeline(tree(now), { now, warningDays: 90 }).svg);
    assert.ok(wider && Number(wider[1]) > Number(band[2]), 'a longer warning window draws a wider band');
    const late = now + 20 * 365 * dayMs;
    const t2 = timeline(tree(late), { now: late, warningDays: 30 });
    assert.ok(t2.items.every((i) => i.tone === 'error'), t2.items.map((i) => `${i.label}:${i.tone}`).join(', '));
  });

  it('timeline: capped to the soonest bars', () => {
    const now = Date.now();
    const t = timeline(tree(now), { now, warningDays: 30, maxBars: 3 });
    assert.equal(t.items.length, 3);
    assert.ok(t.total > 3);
    assert.match(t.svg, /the 3 soonest of \d+/);
  });

  it('chain diagram: root, intermediate, leaves in columns, with key, revoked and CRL badges', () => {
    const now = Date.now();
    const d = chainDiagram(tree(now), { now });
    const box = (label: string) => d.boxes.find((b) => b.label === label)!;
    assert.equal(box('Test Root CA').depth, 0);
    assert.equal(box('Test Intermediate CA').depth, 1);
    assert.equal(box('Test Intermediate CA').parentId, box('Test Root CA').id);
    assert.equal(box('db.example.test').depth, 2);
    assert.equal(box('db.example.test').role, 'server');
    assert.deepEqual(box('db.example.test').badges.map((b) => b.word), ['key ✓']);
    assert.deepEqual(box('app-user').badges.map((b) => [b.word, b.tone]), [['key ✕', 'error']], 'client.key was replaced by another key');
    assert.ok(box('revoked.example.test').badges.some((b) => b.word === 'revoked' && b.tone === 'error'));
    assert.ok(box('Test Intermediate CA').badges.some((b) => b.word === 'CRL ✓'));
    const later = now + 45 * dayMs; // past the CRL's 30-day nextUpdate
    assert.ok(chainDiagram(tree(later), { now: later }).boxes.find((b) => b.label === 'Test Intermediate CA')!.badges.some((b) => b.word === 'CRL stale' && b.tone === 'error'));
    assert.equal(d.svg.match(/class="edge"/g)?.length, d.boxes.filter((b) => b.parentId).length, 'one edge per issued certificate');
    assert.equal(d.boxes.length, d.total);
  });

  /** vscode.l10n.t over the shipped zh-cn bundle, as VS Code does it for a Chinese UI. */
  const zh: L10n = (() => {
    const bundle = JSON.parse(readFileSync(join(__dirname, '../../../l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    return { t: (message, ...args) => english.t(bundle[message] ?? `UNTRANSLATED ${message}`, ...args) };
  })();

  it('the pictures draw the same from the picture tree the server sends as from the whole tree, at a fraction of its bytes', () => {
    const now = Date.now();
    const whole = tree(now);
    const small = pictureTree(whole);
    assert.equal(timeline(small, { now, warningDays: 30 }).svg, timeline(whole, { now, warningDays: 30 }).svg);
    assert.equal(chainDiagram(small, { now }).svg, chainDiagram(whole, { now }).svg);
    assert.ok(JSON.stringify(small).length * 2 < JSON.stringify(whole.roots).length, `${JSON.stringify(small).length} bytes for ${JSON.stringify(whole.roots).length}`);
  });

  it('the pictures and the decorations speak the translation they are given', () => {
    const now = Date.now();
    const t = timeline(tree(now), { now, warningDays: 30, l10n: zh });
    assert.ok(!t.svg.includes('UNTRANSLATED'), t.svg.match(/UNTRANSLATED[^<]*/)?.[0]);
    assert.match(t.svg, /今天 \d{4}-\d{2}-\d{2}/);
    assert.ok(t.items.some((i) => /^\d{4}-\d{2}-\d{2} 已过期$|^已吊销$/.test(i.state)), t.items.map((i) => i.state).join(', '));
    assert.ok(!/>(today |expires |expired |valid from |revoked<)/.test(t.svg), 'no English word left in the timeline');
    const d = chainDiagram(tree(now), { now, l10n: zh });
    assert.ok(!d.svg.includes('UNTRANSLATED'), d.svg.match(/UNTRANSLATED[^<]*/)?.[0]);
    assert.equal(d.boxes.find((b) => b.label === 'Test Root CA')!.role, '根 CA');
    assert.ok(d.svg.includes('>根 CA</text>') && d.svg.includes('>密钥 ✓</text>'));
    const late = certificateDecorations(marks(now + 400 * dayMs), zh);
    assert.match(late.get(pki.path('server.crt'))!.tooltip, /^已过期 \d+ 天：db\.example\.test$/);
  });

  it('one role vocabulary: in English the client says exactly what core/format.ts says', () => {
    for (const [role, word] of Object.entries(roleNames)) assert.equal(roleWord(role as CertificateRole), word, role);
  });

  it('tree tooltips: the first line bold, errors and warnings as $(error) / $(warning) codicons, text escaped', () => {
    const now = Date.now();
    const all: PkiNode[] = [];
    const walk = (ns: readonly PkiNode[]): void => ns.forEach((n) => (all.push(n), walk(n.children)));
    walk(tree(now).roots);
    const mismatch = all.find((n) => n.kind === 'certificate' && n.label === 'app-user')!;
    assert.match(mismatch.tooltip, /^✕ key mismatch$/m, 'the tree marks the error line');
    const md = tooltipMarkdown(mismatch.tooltip);
    assert.ok(md.startsWith('**app\\-user \\(client\\)**'), md);
    assert.match(md, /^\$\(error\) key mismatch$/m);
    assert.ok(!/[✕⚠]/.test(md), md);
    const expiring = all.find((n) => n.kind === 'certificate' && n.status.includes('expiringSoon'))!;
    assert.match(tooltipMarkdown(expiring.tooltip), /^\$\(warning\) expiring soon$/m);
    // A name cannot inject Markdown, links or codicons.
    assert.equal(tooltipMarkdown('a*b* [x](command:y) $(zap)\n⚠ c_d'), '**a\\*b\\* \\[x\\]\\(command:y\\) \\$\\(zap\\)**\n\n$(warning) c\\_d');
  });

  it('decorations: expired and revoked in the error colour, expiring in the warning colour, on every file of the certificate', () => {
    const now = Date.now();
    const dec = certificateDecorations(marks(now));
    assert.equal(dec.get(pki.path('revoked.crt'))?.color, 'error');
    assert.equal(dec.get(pki.path('odd.crt'))?.color, 'warning');
    assert.equal(dec.get(pki.path('server.crt')), undefined, 'a current certificate is not decorated');
    const late = certificateDecorations(marks(now + 400 * dayMs));
    assert.equal(late.get(pki.path('server.crt'))?.color, 'error');
    assert.equal(late.get(pki.path('chain.pem'))?.color, 'error', 'the bundle holding the leaf too');
    assert.match(late.get(pki.path('server.crt'))!.tooltip, /^Expired \d+ days ago: db\.example\.test$/);
    const keys = marks(now).privateKeys;
    assert.ok(keys.includes(pki.path('server.key')) && keys.includes(pki.path('client.key')), keys.join(', '));
    assert.ok(!readFileSync(join(pki.dir, 'server.key'), 'utf8').includes('ENCRYPTED'));
  });
});
