/** Calendar arithmetic on ISO `YYYY-MM-DD` dates, in UTC so no time zone shifts a day. */

const MS_PER_DAY = 86_400_000;

export function isoToDayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;
}

export function dayNumberToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addCalendarDays(iso: string, days: number): string {
  return dayNumberToIso(isoToDayNumber(iso) + days);
}

/** ACT/365F year fraction from `from` to `to` (negative when `to` is earlier). */
export function yearFraction(from: string, to: string): number {
  return (isoToDayNumber(to) - isoToDayNumber(from)) / 365;
}
