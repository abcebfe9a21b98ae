import { fileURLToPath } from 'node:url';

/** The file-system path of a document URI; non-file URIs keep the URI as a pseudo-path. */
export function documentPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}
