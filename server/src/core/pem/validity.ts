/** Validity arithmetic against an injected clock. */

export type ValidityState = 'notYetValid' | 'expired' | 'expiringSoon' | 'valid';

const day = 86_400_000;

/** Whole days from `from` to `to` (negative when `to` is earlier), rounded down. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / day);
}

export function validityState(notBefore: string, notAfter: string, now: Date, warningDays: number): ValidityState {
  const nb = Date.parse(notBefore);
  const na = Date.parse(notAfter);
  const t = now.getTime();
  if (t < nb) return 'notYetValid';
  if (t > na) return 'expired';
  if (na - t <= warningDays * day) return 'expiringSoon';
  return 'valid';
}
