import type { Services } from '../services';
import { registerProfileStatus } from './profileStatus';
import { registerCertificateTree } from './certificateTree';
import { registerCertificateEditor } from '../editors/certificateEditor';
import { registerCerRedirect } from '../editors/cerRedirect';
import { registerPictures } from './pictures/panels';
import { registerFileDecorations } from './fileDecorations';

/** View families (tree views, status bar items, custom editors), each in its own module. */
const views: ReadonlyArray<(services: Services) => void> = [
  registerProfileStatus,
  registerCertificateTree,
  registerCertificateEditor,
  (services) => registerCerRedirect(services.context),
  registerPictures,
  registerFileDecorations,
];

export function registerViews(services: Services): void {
  for (const register of views) register(services);
}
