/**
 * Runs the built CLI as a child that can tell where it hung: started with Node's
 * `--report-on-signal`, it is sent SIGUSR2 when it overruns its time, and the diagnostic
 * report it writes (JavaScript stack, libuv handles) is summarised in the
 * result before the child is killed. A CI failure then says where the process was.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliPath } from './certwrightCli';

export interface ReportedRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  /** Set when a report was requested (the child overran): what it says the child was doing. */
  readonly hang?: string;
}

interface NodeReport {
  readonly javascriptStack?: { readonly message?: string; readonly stack?: readonly string[] };
  readonly libuv?: ReadonlyArray<{ readonly type: string; readonly is_active?: boolean; readonly is_referenced?: boolean; readonly [k: string]: unknown }>;
  readonly header?: { readonly commandLine?: readonly string[] };
}

/**
 * The parts of a diagnostic report that say where a process waits: its JavaScript stack (none when
 * the event loop is idle) and the libuv handles still active (a timer of a retry loop, a socket).
 * A report is written by the main thread: a process blocked in a system call writes none.
 */
export function summariseReport(text: string): string {
  const r = JSON.parse(text) as NodeReport;
  const frames = (r.javascriptStack?.stack ?? []).filter((f) => f.trim());
  const js = frames.length ? frames.slice(0, 20).join('\n    ') : 'none (idle, waiting on the event loop)';
  const handles = (r.libuv ?? []).filter((h) => h.is_active && h.type !== 'loop').map((h) => `${h.type}${h.is_referenced === false ? ' (unref)' : ''}${typeof h.filename === 'string' ? ` ${h.filename}` : ''}${typeof h.firesInMsFromNow === 'number' ? ` fires in ${h.firesInMsFromNow} ms` : ''}`);
  return [`JavaScript stack: ${js}`, `active libuv handles: ${handles.join('; ') || 'none'}`].join('\n  ');
}

export interface ReportedOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Told what the child has written on stderr so far; `report()` asks for its report (then it is killed). */
  readonly onErr?: (err: string, report: () => void) => void;
}

/** Runs `certwright <args>`; after `timeoutMs`, a report is requested, then the child is killed. */
export function runReported(args: readonly string[], timeoutMs: number, options: ReportedOptions = {}): Promise<ReportedRun> {
  const env = options.env ?? process.env;
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-report-'));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${reports}`, cliPath, ...args], { env: { ...env, NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    let hang: string | undefined;
    let poll: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => (out += d));
    let requested = false;
    const report = (): void => {
      if (requested) return;
      requested = true;
      p.kill('SIGUSR2');
      // The report is written by the child's main thread; it is given a while, then read whatever came.
      const started = Date.now();
      poll = setInterval(() => {
        const file = fs.readdirSync(reports).find((f) => f.endsWith('.json'));
        const late = Date.now() - started > 15_000;
        try {
          if (file === undefined && !late) return;
          hang = file ? summariseReport(fs.readFileSync(path.join(reports, file), 'utf8')) : 'no diagnostic report within 15 s (the main thread is blocked)';
        } catch (e) {
          if (!late) return; // still being written
          hang = `the report could not be read: ${String(e)}`;
        }
        clearInterval(poll);
        p.kill('SIGKILL');
      }, 200);
    };
    p.stderr.on('data', (d: Buffer) => {
      err += d;
      options.onErr?.(err, report);
    });
    const kill = setTimeout(report, timeoutMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(kill);
      clearInterval(poll);
      fs.rmSync(reports, { recursive: true, force: true });
      resolve({ code, out, err, ...(hang !== undefined ? { hang } : {}) });
    });
  });
}
