/**
 * Checks a CA folder the way the tools that consume it would, and lists every
 * inconsistency: `openssl ca -status` for every database entry, the published CRL
 * against the database (number, signature, revoked set), `openssl verify -crl_check`,
 * files the database names, keys without certificates, leftovers of an interrupted
 * operation (temporaries that may hold private keys, a journal, a lock).
 */
// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { profileLayout, type ProfileId } from '../../../server/src/core/issue';
import { parseIndex } from '../../../server/src/core/issue/state';

export function openssl(cwd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`openssl could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export interface StateCheck {
  readonly problems: string[];
  /** Serials by status in index.txt. */
  readonly valid: Set<string>;
  readonly revoked: Set<string>;
  readonly crlNumber?: bigint;
}

/**
 * `settled`: no operation is in flight, so leftovers (journal, lock, temporaries) are problems.
 * `verifyAll`: also run openssl verify -crl_check on every certificate in newcerts/ (slower).
 */
export function checkCaState(dir: string, profile: ProfileId, options: { settled?: boolean; verifyAll?: boolean; statusSample?: number } = {}): StateCheck {
  const l = profileLayout(profile);
  const problems: string[] = [];
  const files = walk(dir).map((f) => path.relative(dir, f));
  if (options.settled !== false) {
    for (const f of files) if (/\.certwright-[0-9a-f]+\.tmp$|\.certwright-journal|\.certwright\.lock/.test(f)) problems.push(`leftover ${f}`);
  }
  let entries: ReturnType<typeof parseIndex> = [];
  try {
    entries = parseIndex(fs.readFileSync(path.join(dir, l.index), 'utf8'));
  } catch (e) {
    problems.push(`index.txt: ${(e as Error).message}`);
  }
  const valid = new Set(entries.filter((e) => e.status === 'V').map((e) => e.serial));
  const revoked = new Set(entries.filter((e) => e.status === 'R').map((e) => e.serial));
  if (valid.size + revoked.size !== entries.length) problems.push('index.txt lists a serial twice');
  for (const e of entries) if (!fs.existsSync(path.join(dir, l.newCertsDir, `${e.serial}.pem`))) problems.push(`index entry ${e.serial} has no ${l.newCertsDir}/${e.serial}.pem`);

  // openssl ca reads the database and agrees on every status (a sample when it is large).
  const sample = entries.slice(0, options.statusSample ?? entries.length);
  for (const e of sample) {
    const r = openssl(dir, 'ca', '-config', l.opensslConfig, '-status', e.serial);
    const want = e.status === 'R' ? 'Revoked (R)' : 'Valid (V)';
    if (!r.out.includes(`${e.serial}=${want}`)) problems.push(`openssl ca -status ${e.serial}: ${r.out.trim().split('\n').at(-1)} (index says ${e.status})`);
  }

  // The CRL: signed by the CA, numbered one below crlnumber, listing exactly the revoked serials.
  let crlNumber: bigint | undefined;
  const crlText = openssl(dir, 'crl', '-in', l.crl, '-noout', '-text', '-CAfile', l.caCert);
  if (crlText.code !== 0 || !/verify OK/.test(crlText.out)) problems.push(`CRL does not verify: ${crlText.out.slice(0, 200)}`);
  const m = /X509v3 CRL Number: \n\s+(\d+)/.exec(crlText.out);
  const next = fs.existsSync(path.join(dir, l.crlnumber)) ? fs.readFileSync(path.join(dir, l.crlnumber), 'utf8').trim() : '';
  if (!m || !/^[0-9A-F]+$/.test(next)) problems.push(`CRL number ${m?.[1]} / crlnumber ${JSON.stringify(next)}`);
  else {
    crlNumber = BigInt(m[1]!);
    if (crlNumber + 1n !== BigInt(`0x${next}`)) problems.push(`CRL #${crlNumber} published but crlnumber is ${next}`);
  }
  const listed = new Set([...crlText.out.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((x) => x[1]!.replace(/^0+/, '').padStart(2, '0')));
  const norm = (s: string): string => s.replace(/^0+/, '').padStart(2, '0');
  for (const s of revoked) if (!listed.has(norm(s))) problems.push(`revoked ${s} is not in the published CRL`);
  for (const s of listed) if (![...revoked].some((r) => norm(r) === s)) problems.push(`CRL lists ${s}, which the database does not say is revoked`);

  // Every key has its certificate and belongs to it; every issued leaf is known to the database.
  for (const f of files) {
    if (!/\.key$|-key\.pem$/.test(f) || f === l.caKey || f.includes('.certwright-')) continue;
    const certFile = f.endsWith('-key.pem') ? f.replace(/-key\.pem$/, '-cert.pem') : f.replace(/\.key$/, '.crt');
    if (!fs.existsSync(path.join(dir, certFile))) {
      problems.push(`key ${f} without certificate ${certFile}`);
      continue;
    }
    const cert = new X509Certificate(fs.readFileSync(path.join(dir, certFile)));
    const pub = createPublicKey(createPrivateKey(fs.readFileSync(path.join(dir, f)))).export({ type: 'spki', format: 'der' });
    if (!cert.publicKey.export({ type: 'spki', format: 'der' }).equals(pub)) problems.push(`key ${f} does not belong to ${certFile}`);
    const serial = norm(cert.serialNumber.toUpperCase());
    if (!entries.some((e) => norm(e.serial) === serial)) problems.push(`${certFile} (serial ${serial}) is not in the CA database`);
  }

  if (options.verifyAll) {
    for (const e of entries) {
      const r = openssl(dir, 'verify', '-crl_check', '-CAfile', l.caCert, '-CRLfile', l.crl, `${l.newCertsDir}/${e.serial}.pem`);
      if (e.status === 'R' && !/certificate revoked/.test(r.out)) problems.push(`revoked ${e.serial} passes openssl verify -crl_check`);
      if (e.status === 'V' && r.code !== 0) problems.push(`valid ${e.serial} fails openssl verify -crl_check: ${r.out.trim().split('\n').at(-1)}`);
    }
  }
  return { problems, valid, revoked, ...(crlNumber !== undefined ? { crlNumber } : {}) };
}
