#!/usr/bin/python3
"""Reference values of Jäckel's normalised out-of-the-money Black function
b(x, s) = e^{x/2} Phi(x/s + s/2) - e^{-x/2} Phi(x/s - s/2), x <= 0, in the region the kernel sums
by its Taylor series (t = s/2 < 0.21, -10 - t < h = x/s <= 0), evaluated with mpmath at 50
significant digits on the exact double arguments and rounded once to double.

The series is summed through t^17 with no convergence test, so the points concentrate where it
converges slowest: t close to 0.21 and h near -1 (half of them), the rest spread over the region.

Run:  /usr/bin/python3 test/reference/pricing/generate_normalised_black.py > test/reference/pricing/normalised-black.json
(Debian python3-mpmath 1.2.1). Deterministic (seeded)."""
import json
import random

import mpmath as mp

mp.mp.dps = 50


def b(x, s):
    x, s = mp.mpf(x), mp.mpf(s)
    return mp.exp(x / 2) * mp.ncdf(x / s + s / 2) - mp.exp(-x / 2) * mp.ncdf(x / s - s / 2)


def main():
    rng = random.Random(4)
    cases = []
    while len(cases) < 400:
        if len(cases) < 200:
            t = rng.uniform(0.18, 0.2099)
            h = rng.uniform(-2, -0.3)
        else:
            t = 0.2099 * rng.random() ** 2 + 1e-6
            h = rng.uniform(-10.0 - t + 1e-9, 0)
        s = 2 * t
        x = h * s
        if x == 0:
            continue
        cases.append([x, s, float(b(x, s))])
    print(json.dumps({'cases': cases}))


if __name__ == '__main__':
    main()
