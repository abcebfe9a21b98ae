/**
 * Which DM file a path and its text are (dm-master, dm-worker, dmctl TOML; source or
 * task YAML), from the name, then a few lines of the content: no parsing, so the setup
 * linter and the profile choice can ask it without loading the TOML and YAML parsers.
 */
import { baseName } from './fileNames';

export type DmFileKind = 'dm-master' | 'dm-worker' | 'dmctl' | 'source' | 'task';

const dmTomlName = /^(dm-master|dm-worker|dmctl)[^/\\]*\.toml$/i;

/** The DM file kind from the name, then from the content. */
export function dmKindOf(path: string, text: string): DmFileKind | undefined {
  const name = baseName(path).toLowerCase();
  const m = dmTomlName.exec(name);
  if (m) return m[1] as DmFileKind;
  if (name.endsWith('.toml')) {
    if (/^\s*worker-addr\s*=/m.test(text) || (/^\s*keepalive-ttl\s*=/m.test(text) && /^\s*join\s*=/m.test(text))) return 'dm-worker';
    if (/^\s*master-addr\s*=/m.test(text) && /^\s*(peer-urls|initial-cluster|advertise-addr|name)\s*=/m.test(text)) return 'dm-master';
    if (/^\s*(ssl-ca|ssl-cert|ssl-key|cert-allowed-cn)\s*=/m.test(text) && /^\s*(join|master-addr)\s*=/m.test(text)) return /^\s*master-addr\s*=/m.test(text) ? 'dm-master' : 'dm-worker';
    return undefined;
  }
  if (name.endsWith('.yaml') || name.endsWith('.yml')) {
    if (/^source-id\s*:/m.test(text) && /^from\s*:/m.test(text)) return 'source';
    if (/^target-database\s*:/m.test(text) && /^(mysql-instances|task-mode|name)\s*:/m.test(text)) return 'task';
    if (/^source-id\s*:/m.test(text) && /^\s+(ssl-ca|ssl-cert|ssl-key|security)\s*:/m.test(text)) return 'source';
  }
  return undefined;
}
