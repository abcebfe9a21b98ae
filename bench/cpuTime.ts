/**
 * CPU time of a child process (user + system, every thread and child it waits for), from
 * getrusage(RUSAGE_CHILDREN) in a small Python wrapper (microseconds; GNU time prints only
 * hundredths, too coarse for one openssl command). On the loaded shared machine a process's
 * CPU time moves far less than its wall time, so benches print both.
 */
import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'node:child_process';

const probe = spawnSync('python3', ['-c', 'import resource'], { stdio: 'ignore' });
const wrapper = probe.status === 0 ? 'import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:]).returncode\nu=resource.getrusage(resource.RUSAGE_CHILDREN)\nsys.stderr.write("CW-CPU %f\\n" % ((u.ru_utime+u.ru_stime)*1000))\nsys.exit(r)' : undefined;

/** Whether CPU times can be measured here. */
export const cpuTimeAvailable = wrapper !== undefined;

/** Runs `cmd` like spawnSync; `cpuMs` is its CPU time in milliseconds when measurable. */
export function spawnWithCpu(cmd: string, args: readonly string[], options: SpawnSyncOptions = {}): { result: SpawnSyncReturns<string | Buffer>; cpuMs?: number } {
  if (!wrapper) return { result: spawnSync(cmd, args, options) };
  const result = spawnSync('python3', ['-c', wrapper, cmd, ...args], options);
  const m = /CW-CPU ([\d.]+)\s*$/.exec(String(result.stderr ?? ''));
  return { result, ...(m ? { cpuMs: Number(m[1]) } : {}) };
}
