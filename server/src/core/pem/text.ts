/** `openssl x509 -text`-like rendering (filled in below). */
import type { Decoded } from './types';

export function renderText(decoded: Decoded): string {
  return decoded.ok ? JSON.stringify(decoded.view, null, 2) : decoded.message;
}
