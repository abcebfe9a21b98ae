/**
 * Real mouse clicks and key presses, done by the launcher that drives the browser
 * VS Code runs in (scripts/vscode-headless.mjs, "What a user does"): a click inside
 * a webview lands on the page's element as a user's would, and typing goes into
 * VS Code's own input box. Only the headless launcher serves these requests; the
 * desktop runner has no browser to drive, so the tests that need them skip there
 * and say why.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.CERTWRIGHT_INTEGRATION_RESULTS;
let counter = 0;

/** Why user input cannot be simulated in this run, or undefined when it can. */
export function userInputUnavailable(): string | undefined {
  return dir ? undefined : 'no browser to drive: real clicks and typing need scripts/vscode-headless.mjs';
}

async function request(body: Record<string, unknown>, timeoutMs = 20_000): Promise<void> {
  if (!dir) throw new Error(userInputUnavailable());
  const id = `ui-${process.pid}-${++counter}`;
  const file = join(dir, `${id}.request.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify({ ...body, timeoutMs: timeoutMs - 2000 }));
  renameSync(`${file}.tmp`, file);
  const answer = join(dir, `${id}.response.json`);
  const until = Date.now() + timeoutMs;
  while (!existsSync(answer)) {
    if (Date.now() > until) throw new Error(`the launcher did not answer ${JSON.stringify(body)} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const r = JSON.parse(readFileSync(answer, 'utf8')) as { ok: boolean; error?: string };
  rmSync(answer, { force: true });
  if (!r.ok) throw new Error(`${String(body.action)} failed: ${r.error}`);
}

/** Clicks the first visible element matching `selector` inside any webview of the window. */
export function clickInWebview(selector: string, timeoutMs?: number): Promise<void> {
  return request({ action: 'click', selector }, timeoutMs);
}

/** Types `text` into VS Code's open input box (quick input) and presses Enter. */
export function typeIntoInputBox(text: string, timeoutMs?: number): Promise<void> {
  return request({ action: 'type', text }, timeoutMs);
}
