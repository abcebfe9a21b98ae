/**
 * Where a CA keeps the files of a rotation and the CRLs it publishes with its own. A
 * module of its own, without the X.509 stack, so that the language server can answer
 * `certwright/issueLayout` without loading it.
 */
import { profiles } from './profiles';
import type { ProfileId, ProfileLayout } from './types';

/** Files of a rotation, relative to the layout root. */
export interface RotationPaths {
  readonly state: string;
  readonly nextKey: string;
  readonly nextCert: string;
  /** The other CA's CRL while both are trusted, appended to every CRL the issuing CA publishes. */
  readonly otherCrl: string;
  /** Where the old CA is kept after the new one takes over (its key: move it offline). */
  readonly retired: (serial: string) => string;
}

/** A profile's, or a layout's (an adopted CA keeps them in its own CA folder: demoCA/, pki/). */
export function rotationPaths(of: ProfileId | Pick<ProfileLayout, 'caDir'>): RotationPaths {
  const d = typeof of === 'string' ? profiles[of].layout.caDir : of.caDir;
  return {
    state: `${d}/rotation/state.json`,
    nextKey: `${d}/rotation/next-ca.key`,
    nextCert: `${d}/rotation/next-ca.crt`,
    otherCrl: `${d}/rotation/other-ca.crl`,
    retired: (serial) => `${d}/retired/${serial}`,
  };
}

/** Where an intermediate keeps its copy of the parent's CRL. */
export function parentCrlPath(layout: ProfileLayout): string {
  return `${layout.caDir}/parent.crl`;
}

/** CRLs every CRL of this CA is published with: its parent's copy (intermediate), the other CA's during a rotation. */
export function appendedCrlPaths(of: ProfileId | ProfileLayout): string[] {
  const layout = typeof of === 'string' ? profiles[of].layout : of;
  return [parentCrlPath(layout), rotationPaths(layout).otherCrl];
}
