/**
 * README.md's Emacs block in Debian's real Emacs (28.2 with elpa-eglot on Debian 12),
 * batch mode: the block is loaded verbatim; emacs.el drives Eglot and Flymake to the
 * built `certwright-language-server` on PATH. One run, then one test per feature.
 * A failure prints Emacs' output and the Eglot events buffer (the JSON-RPC log).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readmeBlock } from './readme';
import { editorEnv, makeEditorWorkspace, type EditorWorkspace } from './workspace';

const emacsVersion = spawnSync('emacs', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
if (!emacsVersion) throw new Error('emacs is not installed: run scripts/install-system-deps.sh (Debian packages emacs-nox, elpa-eglot)');

interface Result {
  name: string;
  ok: boolean;
  detail: string;
}

describe(`README Emacs block in ${emacsVersion} with Eglot`, () => {
  let ws: EditorWorkspace;
  const results = new Map<string, Result>();
  let log = '';

  before(async () => {
    ws = makeEditorWorkspace('cw-emacs-');
    const block = join(ws.stateDir, 'certwright.el');
    writeFileSync(block, readmeBlock('emacs'));
    const resultsPath = join(ws.stateDir, 'results.jsonl');
    const eventsPath = join(ws.stateDir, 'eglot-events.log');
    const env = { CW_RESULTS: resultsPath, CW_FILES: JSON.stringify(ws.files), CW_BLOCK: block, CW_EVENTS: eventsPath };
    const run = await new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn('emacs', ['--batch', '-l', resolve(__dirname, 'emacs.el')], { cwd: ws.dir, env: editorEnv(ws, env), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, output });
      });
    });
    if (existsSync(resultsPath)) {
      for (const line of readFileSync(resultsPath, 'utf8').split('\n')) {if (line.trim()) {
        const r = JSON.parse(line) as Result;
        results.set(r.name, r);
      }}
    }
    log = `emacs exit ${run.code}, output (tail):\n${run.output.slice(-4000)}\n--- Eglot events (tail) ---\n${existsSync(eventsPath) ? readFileSync(eventsPath, 'utf8').slice(-6000) : '(none)'}`;
  });
  after(() => {
    if (!process.env.CW_KEEP_EDITOR_STATE) ws?.pki.cleanup();
  });

  const features = [
    'my.cnf is not mapped to the server',
    'openssl.cnf: diagnostics',
    'openssl.cnf: hover',
    'openssl.cnf: completion inserts plain text',
    'openssl.cnf: quick fix applied',
    'openssl.cnf: severity from settings',
    'openssl.cnf: refreshed after the included file appears on disk',
    'PEM: diagnostics and hover',
    'DM TOML: diagnostics and hover',
    'DM TOML: refreshed after the certificate changes on disk',
  ];
  for (const name of features) {
    test(name, () => {
      const r = results.get(name);
      assert.ok(r, `Emacs reported nothing for "${name}"\n${log}`);
      assert.ok(r.ok, `${r.detail}\n${log}`);
    });
  }
});
