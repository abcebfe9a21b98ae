/**
 * CPU time of a child process (user + system, every thread and child it waits for), from
 * getrusage(RUSAGE_CHILDREN) in a small Python wrapper (microseconds; GNU time prints only
 * hundredths, too coarse for one openssl command). On the loaded shared machine a process's
 * CPU time moves far less than its wall time, so benches print both.
 *
 * The wrapper also reports the child's own wall time (from just before it is spawned to its
 * exit): timed from outside, every figure would include the Python start-up (about 90 ms
 * here, more than `node -e 0`), which pulls every ratio towards 1.
 */
import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'node:child_process';

const probe = spawnSync('python3', ['-c', 'import resource'], { stdio: 'ignore' });
const wrapper =
  probe.status === 0
    ? 'import resource,subprocess,sys,time\nt=time.perf_counter()\nr=subprocess.run(sys.argv[1:]).returncode\nw=time.perf_counter()-t\nu=resource.getrusage(resource.RUSAGE_CHILDREN)\nsys.stderr.write("CW-CPU %f %f\\n" % ((u.ru_utime+u.ru_stime)*1000, w*1000))\nsys.exit(r)'
    : undefined;

/** Whether CPU times can be measured here. */
export const cpuTimeAvailable = wrapper !== undefined;

/**
 * Runs `cmd` like spawnSync; `cpuMs` is its CPU time and `wallMs` its own wall time (without
 * the wrapper's start-up), in milliseconds; without Python, `wallMs` is timed around spawnSync.
 */
export function spawnWithCpu(cmd: string, args: readonly string[], options: SpawnSyncOptions = {}): { result: SpawnSyncReturns<string | Buffer>; cpuMs?: number; wallMs: number } {
  if (!wrapper) {
    const t = performance.now();
    const result = spawnSync(cmd, args, options);
    return { result, wallMs: performance.now() - t };
  }
  const t = performance.now();
  const result = spawnSync('python3', ['-c', wrapper, cmd, ...args], options);
  const outside = performance.now() - t;
  const m = /CW-CPU ([\d.]+) ([\d.]+)\s*$/.exec(String(result.stderr ?? ''));
  return { result, ...(m ? { cpuMs: Number(m[1]), wallMs: Number(m[2]) } : { wallMs: outside }) };
}
