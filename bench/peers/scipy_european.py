#!/usr/bin/python3
"""numpy/scipy peer for `npm run bench`: vectorised Black-Scholes-Merton prices over the same
inputs as the TypeScript benches. Reads a raw little-endian float64 file of 7 columns x N
(isCall, spot, strike, rate, dividendYield, volatility, timeYears) and prints JSON
{"price": options/s, "checksum": sum of prices}. Best of 3 timed runs after one warm-up,
timed in process CPU time (time.process_time) like the TypeScript single-thread figures."""
import json
import sys
import time

import numpy as np
from scipy.special import ndtr


def bsm(is_call, s, k, r, q, v, t):
    st = v * np.sqrt(t)
    d1 = (np.log(s / k) + (r - q + 0.5 * v * v) * t) / st
    d2 = d1 - st
    th = np.where(is_call > 0.5, 1.0, -1.0)
    return th * (s * np.exp(-q * t) * ndtr(th * d1) - k * np.exp(-r * t) * ndtr(th * d2))


def main():
    cols = np.fromfile(sys.argv[1], dtype='<f8').reshape(7, -1)
    n = cols.shape[1]
    bsm(*cols)
    best = float('inf')
    for _ in range(3):
        t0 = time.process_time()
        out = bsm(*cols)
        best = min(best, time.process_time() - t0)
    print(json.dumps({'price': n / best, 'checksum': float(out.sum()), 'numpy': np.__version__}))


if __name__ == '__main__':
    main()
