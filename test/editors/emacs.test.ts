/**
 * README.md's Emacs block in Debian's real Emacs (28.2 with elpa-eglot on Debian 12),
 * batch mode: the block is loaded verbatim; emacs.el drives Eglot and Flymake to the
 * built `certwright-language-server` on PATH. One run, then one test per feature.
 * A failure prints Emacs' output and the Eglot events buffer (the JSON-RPC log).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe } from 'node:test';
import { featureTests, readResults, runEditor, sharedFeatures, type EditorResult } from './editorRun';
import { readmeBlock } from './readme';
import { makeEditorWorkspace, type EditorWorkspace } from './workspace';

const emacsVersion = spawnSync('emacs', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
if (!emacsVersion) throw new Error('emacs is not installed: run scripts/install-system-deps.sh (Debian packages emacs-nox, elpa-eglot)');

describe(`README Emacs block in ${emacsVersion} with Eglot`, () => {
  let ws: EditorWorkspace;
  let results = new Map<string, EditorResult>();
  let log = '';

  before(async () => {
    ws = makeEditorWorkspace('cw-emacs-');
    const block = join(ws.stateDir, 'certwright.el');
    writeFileSync(block, readmeBlock('emacs'));
    const resultsPath = join(ws.stateDir, 'results.jsonl');
    const eventsPath = join(ws.stateDir, 'eglot-events.log');
    const env = { CW_RESULTS: resultsPath, CW_FILES: JSON.stringify(ws.files), CW_BLOCK: block, CW_EVENTS: eventsPath };
    const run = await runEditor(ws, 'emacs', ['--batch', '-l', resolve(__dirname, 'emacs.el')], env, 150_000);
    results = readResults(resultsPath);
    log = `emacs exit ${run.code}, output (tail):\n${run.output.slice(-4000)}\n--- Eglot events (tail) ---\n${existsSync(eventsPath) ? readFileSync(eventsPath, 'utf8').slice(-6000) : '(none)'}`;
  });
  after(() => {
    if (!process.env.CW_KEEP_EDITOR_STATE) ws?.pki.cleanup();
  });

  featureTests('Emacs', [...sharedFeatures, 'DM TOML: the related places are in the message'], () => ({ results, log }));
});
