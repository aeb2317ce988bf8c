#!/usr/bin/python3
"""Reference values for European Black-Scholes-Merton prices and Greeks, evaluated with mpmath at
60 significant digits from the closed forms (Hull, Options, Futures and Other Derivatives, ch. 19;
Haug 2007, section 2.1) on the exact double-precision inputs, then rounded once to double.

Run:  /usr/bin/python3 test/reference/pricing/generate_european.py > test/reference/pricing/european.json
(Debian python3-mpmath 1.2.1). Deterministic (seeded)."""
import json
import random
import sys

import mpmath as mp

mp.mp.dps = 60


def bsm(is_call, S, K, r, q, vol, T):
    S, K, r, q, vol, T = (mp.mpf(v) for v in (S, K, r, q, vol, T))
    th = 1 if is_call else -1
    sq = mp.sqrt(T)
    s = vol * sq
    d1 = (mp.log(S / K) + (r - q) * T) / s + s / 2
    d2 = d1 - s
    eq, er = mp.exp(-q * T), mp.exp(-r * T)
    N = mp.ncdf
    n1 = mp.npdf(d1)
    price = th * (S * eq * N(th * d1) - K * er * N(th * d2))
    delta = th * eq * N(th * d1)
    gamma = eq * n1 / (S * s)
    vega = S * eq * n1 * sq
    theta = -S * eq * n1 * vol / (2 * sq) + th * (q * S * eq * N(th * d1) - r * K * er * N(th * d2))
    rho = th * K * T * er * N(th * d2)
    drho = -th * S * T * eq * N(th * d1)
    return [float(v) for v in (price, delta, gamma, vega, theta, rho, drho)]


def case(is_call, S, K, r, q, vol, T):
    vals = bsm(is_call, S, K, r, q, vol, T)
    return dict(type='call' if is_call else 'put', spot=S, strike=K, rate=r, dividendYield=q,
                volatility=vol, timeYears=T,
                **dict(zip(['price', 'delta', 'gamma', 'vega', 'theta', 'rho', 'dividendRho'], vals)))


def main():
    rng = random.Random(20240504)
    cases = []
    # random grid over the ranges the issue names, and beyond
    for _ in range(1000):
        S = 10 ** rng.uniform(0, 3)
        K = S * 10 ** rng.uniform(-0.6, 0.6)
        vol = 10 ** rng.uniform(-2.3, 0.7)
        T = 10 ** rng.uniform(-5.7, 1.0)
        r = rng.uniform(-0.02, 0.15)
        q = rng.uniform(0.0, 0.1)
        cases.append(case(rng.random() < 0.5, S, K, r, q, vol, T))
    # edge regions: tiny total volatility (Taylor region), far tails (asymptotic region),
    # huge volatility (upper region), 1-minute expiry, negative rates, at-the-forward
    minute = 1 / (365 * 24 * 60)
    edges = [
        (100, 100, 0.05, 0.0, 0.2, minute), (100, 100.01, 0.0, 0.0, 0.05, minute),
        (100, 150, 0.05, 0.02, 0.05, 0.25), (100, 60, 0.05, 0.02, 0.05, 0.25),
        (100, 300, 0.01, 0.0, 0.1, 1.0), (100, 30, 0.01, 0.0, 0.1, 1.0),
        (100, 120, 0.02, 0.0, 0.01, 2.0), (100, 101, 0.0, 0.0, 0.001, 0.01),
        (100, 100, -0.01, 0.03, 0.3, 1.0), (100, 100, -0.01, 0.0, 0.25, 5.0),
        (50, 100, 0.1, 0.08, 5.0, 5.0), (100, 1, 0.03, 0.0, 4.0, 3.0), (1, 1000, 0.03, 0.0, 2.0, 10.0),
        (100, 100, 0.0, 0.0, 0.2, 1.0), (100, 100 * float(mp.exp(0.05)), 0.05, 0.0, 0.2, 1.0),
        (100, 200, 0.05, 0.0, 0.02, 1.0), (1000, 999.999, 0.0, 0.0, 1e-6, 1.0),
    ]
    for S, K, r, q, vol, T in edges:
        for is_call in (True, False):
            cases.append(case(is_call, float(S), float(K), r, q, vol, T))
    out = sys.stdout
    out.write('{"source": "mpmath 1.2.1 at 60 digits, closed-form BSM; see generate_european.py",\n')
    out.write('"cases": [\n')
    out.write(',\n'.join(json.dumps(c) for c in cases))
    out.write('\n]}\n')


if __name__ == '__main__':
    main()
