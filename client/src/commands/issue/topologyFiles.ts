/**
 * Which workspace files are cluster topologies "Create Cluster from Topology…" offers:
 * a TiUP DM topology (`master_servers:` / `worker_servers:`), a node list (`nodes:` in
 * YAML or JSON) or a plain list of hosts (a file named for hosts or nodes, one host per
 * line). A quick look, no parse: the language server reads the chosen file as
 * `certwright init` reads it, and says what is wrong with it. Pure (no VS Code), bounded.
 */

export type TopologyKind = 'dm' | 'nodes' | 'hosts';

/** Larger files are not looked at: a topology is typed by people. */
export const MAX_TOPOLOGY_SNIFF_BYTES = 256 * 1024;

/** Where host lists are looked for (any name for YAML/JSON; host lists by their name). */
export const topologyGlob = '**/{*.yaml,*.yml,*.json,*.txt,*.hosts,*.list,hosts,nodes,servers}';

const hostLine = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[?[0-9A-Fa-f:.]+\]?)$/;

/** The kind of topology `text` (the file `name`) is, or undefined when it is none. */
export function topologyKind(name: string, text: string): TopologyKind | undefined {
  if (text.length > MAX_TOPOLOGY_SNIFF_BYTES) return undefined;
  if (/^(?:master_servers|worker_servers)\s*:/m.test(text)) return 'dm';
  if (/^nodes\s*:/m.test(text) || /^\s*\{[\s\S]*"nodes"\s*:\s*\[/.test(text)) return 'nodes';
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (/\.(?:ya?ml|json)$/i.test(base) || !/(?:^|[._-])(?:hosts?|nodes?|servers?)(?:[._-]|$)/i.test(base)) return undefined;
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  return lines.length > 0 && lines.length <= 1000 && lines.every((l) => hostLine.test(l)) ? 'hosts' : undefined;
}

/** The profile a node list names (`profile: postgres`), if any. */
export function nodeListProfile(text: string): string | undefined {
  return /^profile\s*:\s*["']?([a-z]+)/m.exec(text)?.[1] ?? /"profile"\s*:\s*"([a-z]+)"/.exec(text)?.[1];
}
