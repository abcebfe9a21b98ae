/**
 * The signature verdicts of earlier sessions (core/pki/verdicts) in the storage folder the client
 * gives (initializationOptions.storagePath; VS Code's storage of the extension): read once before the
 * first scan, written after a grouping found verdicts the file lacked, whole under a temporary name
 * and then renamed over the old file, so a reader sees the old file or the new one, never half of one.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { decodeVerdictsInSteps, encodeVerdictsInSteps } from '../core/pki/verdicts';
import { nodeFileSystem } from './nodeEnvironment';
import { nodeVerifier } from './pkiCrypto';

export const verdictsFileName = 'signature-verdicts.bin';
/** At most this many verdicts are kept (64 bytes each: 8 MiB). */
export const maxVerdicts = 131_072;
const maxFileBytes = 512 + maxVerdicts * 64;

const sha256 = (data: Uint8Array): Uint8Array => createHash('sha256').update(data).digest();

/** Runs stepped work, yielding to the event loop between steps: 100,000 verdicts never stall the server. */
async function inSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The verdicts kept in `dir`; none when there is no file, or it is unreadable, too large, of another verifier or corrupt. */
export async function loadVerdicts(dir: string, verifier = nodeVerifier()): Promise<Set<string>> {
  const read = await nodeFileSystem.readBounded(join(dir, verdictsFileName), maxFileBytes);
  return read.ok ? inSlices(decodeVerdictsInSteps(read.bytes, verifier, sha256)) : new Set();
}

/** Writes `keys` (first the ones most worth keeping) to `dir`, at most maxVerdicts of them. */
export async function saveVerdicts(dir: string, keys: Iterable<string>, verifier = nodeVerifier()): Promise<void> {
  const file = join(dir, verdictsFileName);
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.mkdir(dir, { recursive: true });
  try {
    await fsp.writeFile(tmp, await inSlices(encodeVerdictsInSteps(keys, verifier, maxVerdicts, sha256)), { mode: 0o600 });
    await fsp.rename(tmp, file);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}
