import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimizeBfgs, type Objective } from '../../src/stats/optimize.js';

// Rosenbrock (1960): f = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1), the standard hard
// valley test for quasi-Newton methods (Nocedal & Wright, Exercise 2.1; start (−1.2, 1)).
const rosenbrock: Objective = (v, g) => {
  const x = v[0]!;
  const y = v[1]!;
  g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  g[1] = 200 * (y - x * x);
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

describe('minimizeBfgs', () => {
  it('solves Rosenbrock from (−1.2, 1)', () => {
    // relativeDecreaseTolerance 0: run to the gradient tolerance, to check the arguments too
    const r = minimizeBfgs(rosenbrock, Float64Array.of(-1.2, 1), { gradientTolerance: 1e-10, relativeDecreaseTolerance: 0 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
    expect(r.value).toBeLessThan(1e-16);
    expect(r.iterations).toBeLessThan(100);
  });

  it('minimises random convex quadratics ½xᵀAx − bᵀx to x = A⁻¹b', () => {
    const arb = fc.tuple(
      fc.array(fc.double({ min: 0.5, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.double({ min: -0.4, max: 0.4, noNaN: true }),
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }),
    );
    fc.assert(fc.property(arb, ([d, c, b]) => {
      // A = diag(d) + c·√(d_i d_j) off-diagonal: symmetric positive definite for |c| < ½.
      const a = new Float64Array(9);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        a[i * 3 + j] = i === j ? d[i]! : c * Math.sqrt(d[i]! * d[j]!);
      }
      const f: Objective = (x, g) => {
        let value = 0;
        for (let i = 0; i < 3; i++) {
          let ax = 0;
          for (let j = 0; j < 3; j++) ax += a[i * 3 + j]! * x[j]!;
          g[i] = ax - b[i]!;
          value += 0.5 * x[i]! * ax - b[i]! * x[i]!;
        }
        return value;
      };
      // f* is up to ~−100 here, resolved to ~1e-14: a gradient g can only be certified by a
      // line search while the decrease g²/(2λ) it promises exceeds that, so ask for 1e-6.
      const r = minimizeBfgs(f, new Float64Array(3), { gradientTolerance: 1e-6, relativeDecreaseTolerance: 0 });
      expect(r.converged).toBe(true);
      const g = new Float64Array(3);
      f(r.x, g);
      for (const gi of g) expect(Math.abs(gi)).toBeLessThanOrEqual(1e-6);
    }));
  });

  it('steps back from points where the objective is not finite', () => {
    // f = x − ln x on x > 0 (minimum at 1), NaN for x ≤ 0; start where a unit step overshoots.
    const f: Objective = (v, g) => {
      const x = v[0]!;
      g[0] = 1 - 1 / x;
      return x > 0 ? x - Math.log(x) : NaN;
    };
    const r = minimizeBfgs(f, Float64Array.of(0.05));
    expect(r.converged).toBe(true);
    // Default stop: the predicted decrease ½(x − 1)² is below 1e-13·|f|, so |x − 1| ≲ 4.5e-7:
    // the objective, not the argument, is what is resolved to machine precision.
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-6);
    expect(r.value - 1).toBeLessThan(1e-12);
  });

  it('reports a non-finite start instead of iterating', () => {
    const r = minimizeBfgs(() => NaN, Float64Array.of(0));
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/not finite/);
  });
});
