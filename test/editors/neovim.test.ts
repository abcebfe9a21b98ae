/**
 * README.md's Neovim block in Debian's real Neovim (0.7.2 on Debian 12), headless:
 * the block is init.lua, verbatim; neovim.lua drives Neovim's own LSP client to the
 * built `certwright-language-server` on PATH. One run, then one test per feature.
 * A failure prints the Neovim LSP log and the server's messages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe } from 'node:test';
import { featureTests, readResults, runEditor, sharedFeatures, type EditorResult } from './editorRun';
import { readmeBlock } from './readme';
import { makeEditorWorkspace, type EditorWorkspace } from './workspace';

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
if (!nvimVersion) throw new Error('nvim is not installed: run scripts/install-system-deps.sh (Debian package neovim)');

describe(`README Neovim blocks in ${nvimVersion}`, () => {
  let ws: EditorWorkspace;
  let results = new Map<string, EditorResult>();
  let log = '';

  before(async () => {
    ws = makeEditorWorkspace('cw-nvim-');
    const init = join(ws.stateDir, 'init.lua');
    writeFileSync(init, readmeBlock('neovim-0.7'));
    const resultsPath = join(ws.stateDir, 'results.jsonl');
    const env = { CW_RESULTS: resultsPath, CW_FILES: JSON.stringify(ws.files) };
    const script = resolve(__dirname, 'neovim.lua');
    const run = await runEditor(ws, 'nvim', ['--headless', '-u', init, '-c', 'lua vim.lsp.set_log_level("debug")', '-c', `luafile ${script}`], env, 150_000);
    const block11 = join(ws.stateDir, 'nvim-0.11.lua');
    writeFileSync(block11, readmeBlock('neovim-0.11'));
    const shape = await runEditor(ws, 'nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${resolve(__dirname, 'neovim-0.11-shape.lua')}`], { ...env, CW_BLOCK: block11 }, 30_000);
    results = readResults(resultsPath);
    const lspLog = join(ws.stateDir, 'cache', 'nvim', 'lsp.log');
    log = `nvim exit ${run.code}, output:\n${run.output.slice(-3000)}\n0.11 shape run exit ${shape.code}: ${shape.output.slice(-1000)}\n--- ${lspLog} (tail) ---\n${existsSync(lspLog) ? readFileSync(lspLog, 'utf8').slice(-6000) : '(none)'}`;
  });
  after(() => {
    if (!process.env.CW_KEEP_EDITOR_STATE) ws?.pki.cleanup();
  });

  featureTests('Neovim', [...sharedFeatures, 'README Neovim 0.11 block: what it configures'], () => ({ results, log }));
});
