/**
 * dmctl as its command lines describe it (`dmctl --master-addr 10.0.0.1:8261
 * --ssl-ca … --ssl-cert … --ssl-key … operate-source …` in shell scripts, systemd
 * units, compose files): each invocation becomes a dmctl component in the shape
 * the DM checks use for dmctl.toml — its master-addr as the address it dials, its
 * --ssl-* flags as the security settings (offsets of the flag values) — so that
 * dm-master's cert-allowed-cn, SAN and chain checks see it as one more caller.
 */
import { splitAddresses, type DmConfig, type Setting } from './dmModel';
import { findInvocations } from './startCommands';
import { tr } from '../l10n';

export interface DmctlCommand {
  readonly cfg: DmConfig;
  /** Offset of the program word. */
  readonly start: number;
}

const cache = new Map<string, DmctlCommand[]>();

/** The dmctl invocations of a file that name a master (at most 200, parsed once per text). */
export function dmctlCommands(path: string, text: string): DmctlCommand[] {
  if (!text.includes('dmctl')) return [];
  const key = `${path}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: DmctlCommand[] = [];
  for (const inv of findInvocations(path, text)) {
    const addr = inv.flags.get('master-addr');
    if (inv.program !== 'dmctl' || !addr) continue;
    const settings: Record<string, Setting<string>> = {};
    for (const k of ['ssl-ca', 'ssl-cert', 'ssl-key'] as const) {
      const f = inv.flags.get(k);
      if (f?.value) settings[k] = { value: f.value, key: { start: f.start, end: f.end }, at: { start: f.start, end: f.end } };
    }
    out.push({
      start: inv.start,
      cfg: {
        kind: 'dmctl',
        scopes: [{ kind: 'dmctl', label: tr`dmctl command line`, anchor: { start: inv.start, end: inv.end }, settings, bytes: {} }],
        addresses: splitAddresses('master-addr', addr.value, addr.start),
        findings: [],
      },
    });
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}
