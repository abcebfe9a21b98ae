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
  return /^(?:[^/\\]*[._-])?(?:Dockerfile|Containerfile)(?:[._-][^/\\.]*)?$/i.test(name);
}

export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}
