import type { Services } from '../services';

/** View families (tree views, status bar items, custom editors), each in its own module. */
const views: ReadonlyArray<(services: Services) => void> = [];

export function registerViews(services: Services): void {
  for (const register of views) register(services);
}
