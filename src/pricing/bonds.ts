// Plain fixed-coupon bond arithmetic, and a bond total-return index built from a yield series.

/** Price per 1.00 of face of a bond paying `couponRate`·face a year in `frequency` coupons, with
 *  `maturityYears` left, at an annual yield compounded `frequency` times a year (the street
 *  convention of US bond yields). The first coupon is a full period away (no accrued interest:
 *  the index below accrues separately). */
export function bondPrice(yieldAnnual: number, couponRate: number, maturityYears: number, frequency: number): number {
  const periods = maturityYears * frequency;
  const y = yieldAnnual / frequency;
  const c = couponRate / frequency;
  if (Math.abs(y) < 1e-12) return 1 + c * periods;
  const discount = Math.pow(1 + y, -periods);
  return c * (1 - discount) / y + discount;
}

/** Total-return index (first value 100) of holding a constant-maturity bond: each day the bond is
 *  bought at par at the previous day's yield (coupon = that yield), earns its coupon for the
 *  calendar days held and is marked at the new yield with the maturity shortened by those days,
 *  then rolled. The usual way to turn a yield series into bond returns (Swinkels, "Data:
 *  International government bond returns since 1947", Data in Brief 25, 2019). `yields` are
 *  decimals; `days[i]` is the day number of observation i (for the calendar time between them). */
export function constantMaturityIndex(days: ArrayLike<number>, yields: Float64Array, maturityYears: number, frequency = 2): Float64Array {
  const out = new Float64Array(yields.length);
  out[0] = 100;
  for (let i = 1; i < yields.length; i++) {
    const dt = ((days[i] as number) - (days[i - 1] as number)) / 365;
    const coupon = yields[i - 1] as number;
    const ret = bondPrice(yields[i] as number, coupon, maturityYears - dt, frequency) - 1 + coupon * dt;
    out[i] = (out[i - 1] as number) * (1 + ret);
  }
  return out;
}
