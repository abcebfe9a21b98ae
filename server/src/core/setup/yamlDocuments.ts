/**
 * The YAML documents of a compose file, Kubernetes manifest or Patroni config, parsed
 * once per text for every reader of the setup (volumes and builds, container working
 * directories, PostgreSQL settings in YAML): at most 50 documents, duplicate keys kept
 * as written. A small cache: the readers of one file ask in turn for the same text.
 */
import { parseAllDocuments, type Document } from 'yaml';

const maxDocuments = 50;
const maxCached = 32;
const cache = new Map<string, readonly Document[]>();

export function yamlDocuments(text: string): readonly Document[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const docs: Document[] = parseAllDocuments(text, { uniqueKeys: false }).slice(0, maxDocuments);
  if (cache.size >= maxCached) cache.delete(cache.keys().next().value!);
  cache.set(text, docs);
  return docs;
}
