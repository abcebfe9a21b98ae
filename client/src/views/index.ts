import type { Services } from '../services';
import { registerProfileStatus } from './profileStatus';
import { registerCertificateTree } from './certificateTree';

/** View families (tree views, status bar items, custom editors), each in its own module. */
const views: ReadonlyArray<(services: Services) => void> = [
  registerProfileStatus,
  registerCertificateTree,
];

export function registerViews(services: Services): void {
  for (const register of views) register(services);
}
