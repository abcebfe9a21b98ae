import { skippedFolders } from '../workspaceFiles';

/** Path parts for files named in configs, with `/` or `\` separators (pure, no `node:path`). */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1);
}

/**
 * Whether a file name is a container build file: `Dockerfile`, `Dockerfile.dev`,
 * `Dockerfile-prod`, `postgres.Dockerfile`, `db.dockerfile`, or Podman's `Containerfile` (and the same forms).
 */
export function isDockerfileName(name: string): boolean {
  // The words first: most names hold neither, and a walk tests every name it lists (compiling the
  // case-blind expression costs a short command more than its own work).
  const lower = name.toLowerCase();
  if (!lower.includes('dockerfile') && !lower.includes('containerfile')) return false;
  return /^(?:[^/\\]*[._-])?(?:Dockerfile|Containerfile)(?:[._-][^/\\.]*)?$/i.test(name);
}

/** A Dockerfile `FROM` line's arguments: the image (or earlier stage) it starts from, and the name `AS` gives the stage (lower-cased, as stage names match); flags such as --platform skipped. */
export function dockerFrom(args: string): { readonly image: string; readonly name?: string } {
  const words = args.trim().split(/[ \t]+/).filter((w) => !w.startsWith('--'));
  const name = words.length >= 3 && words[1]!.toLowerCase() === 'as' ? words[2]!.toLowerCase() : undefined;
  return { image: words[0] ?? '', ...(name ? { name } : {}) };
}

export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

/** Dot-folders that hold deployment files: CI workflows, dev containers. */
const walkedDotFolders = new Set(['.github', '.circleci', '.devcontainer', '.gitlab', '.buildkite', '.docker']);
/**
 * Extensions of entries that are files, not folders to walk: the text after a name's last dot,
 * its ASCII letters in lower case (a set, not a case-blind expression, for the same reason).
 */
const fileExtensions: ReadonlySet<string> = new Set(
  'pem crt cer der key csr crl srl p7b p12 pfx jks old attr cnf conf cfg ini toml yaml yml env properties sh md txt rst adoc json lock sum mod go ts js mjs cjs py rb rs java kt c h cc cpp sql log png svg jpg jpeg gif gz tgz zip tar htm html xml csv bak patch diff proto'.split(' '),
);

/**
 * Whether a directory entry that is not a deployment file or script may be a folder the deployment
 * walks and the script scan (cnf/workspaceUses.ts) enter (they list it; a file is then simply not a folder): any name but skipped folders, dot-folders
 * other than those of CI and dev containers, and names with a file extension. A dot in a folder's
 * name is common (`deploy.d`, `docker-entrypoint-initdb.d`, `node1.example.com`).
 */
export function isWalkedFolderName(name: string): boolean {
  if (skippedFolders.has(name)) return false;
  if (name.startsWith('.')) return walkedDotFolders.has(name);
  const dot = name.lastIndexOf('.');
  return dot < 0 || !fileExtensions.has(asciiLower(name.slice(dot + 1)));
}

/** A name with its ASCII letters in lower case, as a case-blind expression without the u flag compares them. */
export function asciiLower(name: string): string {
  return name.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}
