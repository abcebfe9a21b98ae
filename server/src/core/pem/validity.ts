/** Validity arithmetic against an injected clock. */

export type ValidityState = 'notYetValid' | 'expired' | 'expiringSoon' | 'valid';

/** One day in milliseconds: the one unit of every validity period and warning. */
export const dayMs = 86_400_000;

/** Whole days from `from` to `to` (dates or epoch milliseconds; negative when `to` is earlier), rounded down. */
export function daysBetween(from: Date | number, to: Date | number): number {
  return Math.floor((Number(to) - Number(from)) / dayMs);
}

export function validityState(notBefore: string, notAfter: string, now: Date, warningDays: number): ValidityState {
  const nb = Date.parse(notBefore);
  const na = Date.parse(notAfter);
  const t = now.getTime();
  if (t < nb) return 'notYetValid';
  if (t > na) return 'expired';
  if (na - t <= warningDays * dayMs) return 'expiringSoon';
  return 'valid';
}
