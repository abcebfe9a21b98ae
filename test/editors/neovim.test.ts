/**
 * README.md's Neovim block in Debian's real Neovim (0.7.2 on Debian 12), headless:
 * the block is init.lua, verbatim; neovim.lua drives Neovim's own LSP client to the
 * built `certwright-language-server` on PATH. One run, then one test per feature.
 * A failure prints the Neovim LSP log and the server's messages.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readmeBlock } from './readme';
import { editorEnv, makeEditorWorkspace, type EditorWorkspace } from './workspace';

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
if (!nvimVersion) throw new Error('nvim is not installed: run scripts/install-system-deps.sh (Debian package neovim)');

interface Result {
  name: string;
  ok: boolean;
  detail: string;
}

function runNvim(ws: EditorWorkspace, args: string[], env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('nvim', args, { cwd: ws.dir, env: editorEnv(ws, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

function readResults(path: string): Map<string, Result> {
  const out = new Map<string, Result>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {if (line.trim()) {
    const r = JSON.parse(line) as Result;
    out.set(r.name, r);
  }}
  return out;
}

describe(`README Neovim blocks in ${nvimVersion}`, () => {
  let ws: EditorWorkspace;
  let results = new Map<string, Result>();
  let log = '';

  before(async () => {
    ws = makeEditorWorkspace('cw-nvim-');
    const init = join(ws.stateDir, 'init.lua');
    writeFileSync(init, readmeBlock('neovim-0.7'));
    const resultsPath = join(ws.stateDir, 'results.jsonl');
    const env = { CW_RESULTS: resultsPath, CW_FILES: JSON.stringify(ws.files) };
    const script = resolve(__dirname, 'neovim.lua');
    const run = await runNvim(ws, ['--headless', '-u', init, '-c', 'lua vim.lsp.set_log_level("debug")', '-c', `luafile ${script}`], env, 150_000);
    const block11 = join(ws.stateDir, 'nvim-0.11.lua');
    writeFileSync(block11, readmeBlock('neovim-0.11'));
    const shape = await runNvim(ws, ['--headless', '-u', 'NONE', '-c', `luafile ${resolve(__dirname, 'neovim-0.11-shape.lua')}`], { ...env, CW_BLOCK: block11 }, 30_000);
    results = readResults(resultsPath);
    const lspLog = join(ws.stateDir, 'cache', 'nvim', 'lsp.log');
    log = `nvim exit ${run.code}, output:\n${run.output.slice(-3000)}\n0.11 shape run exit ${shape.code}: ${shape.output.slice(-1000)}\n--- ${lspLog} (tail) ---\n${existsSync(lspLog) ? readFileSync(lspLog, 'utf8').slice(-6000) : '(none)'}`;
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
    'README Neovim 0.11 block: what it configures',
  ];
  for (const name of features) {
    test(name, () => {
      const r = results.get(name);
      assert.ok(r, `Neovim reported nothing for "${name}"\n${log}`);
      assert.ok(r.ok, `${r.detail}\n${log}`);
    });
  }
});
