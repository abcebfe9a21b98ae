/**
 * What the Neovim and Emacs tests share: running the editor headless with a
 * deadline, reading the results its script wrote (one JSON line per feature),
 * and one test per feature that prints the editor's log when it fails.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { editorEnv, type EditorWorkspace } from './workspace';

export interface EditorResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** The features every LSP editor's script checks, by the names its results use. */
export const sharedFeatures = [
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
  'CockroachDB key: the chmod quick fix runs',
] as const;

/** Runs `command` in the workspace; killed after `timeoutMs` (the results then say what was reached). */
export function runEditor(ws: EditorWorkspace, command: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ws.dir, env: editorEnv(ws, env), stdio: ['ignore', 'pipe', 'pipe'] });
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

export function readResults(path: string): Map<string, EditorResult> {
  const out = new Map<string, EditorResult>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as EditorResult;
    out.set(r.name, r);
  }
  return out;
}

/** One test per feature; `run` is read when the tests run, after the editor's `before`. */
export function featureTests(editor: string, names: readonly string[], run: () => { results: Map<string, EditorResult>; log: string }): void {
  for (const name of names) {
    test(name, () => {
      const { results, log } = run();
      const r = results.get(name);
      assert.ok(r, `${editor} reported nothing for "${name}"\n${log}`);
      assert.ok(r.ok, `${r.detail}\n${log}`);
    });
  }
}
