import type { ExtensionInfo } from './types';

/**
 * Whether verifiers reject a certificate for this extension being critical: one they do not
 * understand, or whose value they cannot parse, whatever it holds. The lint's findings and the
 * tree's problems both ask this.
 */
export function rejectedAsCritical(e: ExtensionInfo): boolean {
  return e.critical && (!e.known || !!e.malformed);
}
