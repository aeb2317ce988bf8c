#!/usr/bin/python3
"""Reference values of e^x for the table-driven exponential (src/pricing/special.ts `tableExp`),
evaluated with mpmath at 40 significant digits on the exact double arguments and rounded once to
double (mpmath's conversion rounds to nearest).

Arguments: 600 uniform on (-708, 709), 200 uniform on (-1, 1), 100 tiny (|x| < 1e-6), and the
points halfway between the table nodes k*ln2/128 (where the reduced argument is largest), 100 of
them spread over the range.

Run:  /usr/bin/python3 test/reference/pricing/generate_exp.py > test/reference/pricing/exp.json
(Debian python3-mpmath 1.2.1). Deterministic (seeded)."""
import json
import math
import random

import mpmath as mp

mp.mp.dps = 40


def main():
    rng = random.Random(20261125)
    xs = [rng.uniform(-708, 709) for _ in range(600)]
    xs += [rng.uniform(-1, 1) for _ in range(200)]
    xs += [rng.uniform(-1e-6, 1e-6) for _ in range(100)]
    step = math.log(2) / 128
    xs += [(k + 0.5) * step for k in (rng.randint(-130000, 130000) for _ in range(100))]
    xs += [0.0, 1.0, -1.0, 707.9, -707.9]
    cases = [[x, float(mp.exp(mp.mpf(x)))] for x in xs]
    print(json.dumps({'cases': cases}))


if __name__ == '__main__':
    main()
