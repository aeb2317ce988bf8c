#!/usr/bin/python3
"""Reference vectors for the hedges the web app builds on an analysis (src/server/custom-hedge.ts).

Run with Debian's python3 (python3-numpy 1.24, python3-pandas 1.5, quantlib-python 1.29):
    /usr/bin/python3 test/reference/server/make-custom-hedge-vectors.py
Writes custom-hedge-vectors.json next to this script. Deterministic. Nothing is imported from
the TypeScript code.

The market model is the sample's on 2024-11-29 as docs/model-notes.md defines it: AAPL's adjusted
close that day, the sample standard deviation of its last 756 daily log returns x sqrt(252), the
3-month T-bill (DTB3, bank-discount) converted to a continuous rate over 91 days. AAPL options
are American: every price is QuantLib's QdFpAmericanEngine with its high-precision scheme.

Cases (AAPL holding: 3,800 shares; 10-day horizon = 10/252 years elapsed):
- put: 20 puts struck at 210 expiring 2025-05-30 (182 days);
- collar: 38 puts at 220 and 38 short calls at 260 expiring 2025-02-28 (91 days).
For each: mid premiums, the cost (premium at mid; half-spread 2 % of the premium and 0.65 per
contract as transaction cost, the defaults of docs/model-notes.md), and the payoff line: P&L of
the legs at the horizon, net of the transaction cost, with AAPL at x times today's price, other
prices and volatility unchanged, at x = 0.7, 0.85, 1, 1.15, 1.3 (the server's price grid spans
0.7-1.3 on the sample, whose 10-day moves stay within it, in 120 steps: points 0, 30, 60, 90, 120).

A time to expiry that is not a whole number of days (the remaining time at the horizon) is priced
by rescaling time: an American option's price depends on (S, K, r*tau, q*tau, sigma^2*tau), so
(r, q, sigma, tau) -> (r*c, q*c, sigma*sqrt(c), tau/c) leaves it unchanged; tau/c is taken as a
whole number of days.
"""
import json
import math
import os

import numpy as np
import pandas as pd
import QuantLib as ql

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'data', 'sample'))
AS_OF = '2024-11-29'
HORIZON_YEARS = 10 / 252
HALF_SPREAD = 0.02
COMMISSION = 0.65
SHARES = 100
GRID = [0.7, 0.85, 1.0, 1.15, 1.3]


def american(option_type, S, K, r, vol, tau):
    """American price with zero dividend yield and `tau` years to expiry (see the rescaling above)."""
    days = max(1, round(tau * 365))
    c = tau / (days / 365)
    today = ql.Date(14, 6, 2024)
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(ql.SimpleQuote(S)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, 0.0, dc, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, r * c, dc, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), vol * math.sqrt(c), dc)))
    kind = ql.Option.Call if option_type == 'call' else ql.Option.Put
    option = ql.VanillaOption(ql.PlainVanillaPayoff(kind, K), ql.AmericanExercise(today, today + days))
    option.setPricingEngine(ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.highPrecisionScheme()))
    return option.NPV()


def market():
    frame = pd.read_csv(os.path.join(SAMPLE, 'stocks_19_2004-2024.csv'), usecols=['date', 'AAPL']).dropna()
    dates = list(frame['date'])
    prices = frame['AAPL'].to_numpy(dtype=np.float64)
    i = dates.index(AS_OF)
    vol = float(np.std(np.diff(np.log(prices[i - 756:i + 1])), ddof=1) * math.sqrt(252))
    rates = pd.read_csv(os.path.join(SAMPLE, 'tbill_3m_dtb3_2000-2026.csv')).dropna()
    d = rates[rates['observation_date'] <= AS_OF].iloc[-1]['DTB3'] / 100
    return float(prices[i]), vol, -math.log(1 - d * 91 / 360) / (91 / 365)


def legs_case(S, vol, r, days, legs):
    """`legs`: (type, strike, signed contracts)."""
    T = days / 365
    tau = T - HORIZON_YEARS
    mids = [american(t, S, K, r, vol, T) for t, K, _ in legs]
    premium = sum(n * SHARES * m for (_, _, n), m in zip(legs, mids))
    transaction = sum(abs(n) * (SHARES * m * HALF_SPREAD + COMMISSION) for (_, _, n), m in zip(legs, mids))
    curve = []
    for x in GRID:
        value = sum(n * SHARES * (american(t, S * x, K, r, vol, tau) - m) for (t, K, n), m in zip(legs, mids))
        curve.append({'relative': x, 'legsPnl': value - transaction})
    return {'days': days, 'legs': [{'type': t, 'strike': K, 'contracts': n} for t, K, n in legs], 'mids': mids,
            'premium': premium, 'transaction': transaction, 'total': premium + transaction, 'curve': curve}


def main():
    S, vol, r = market()
    vectors = {
        'generator': 'test/reference/server/make-custom-hedge-vectors.py',
        'quantlib': ql.__version__,
        'market': {'asOf': AS_OF, 'spot': S, 'volatility': vol, 'rate': r, 'shares': 3800},
        'put': {'expiry': '2025-05-30', **legs_case(S, vol, r, 182, [('put', 210.0, 20)])},
        'collar': {'expiry': '2025-02-28', **legs_case(S, vol, r, 91, [('put', 220.0, 38), ('call', 260.0, -38)])},
    }
    with open(os.path.join(HERE, 'custom-hedge-vectors.json'), 'w') as f:
        json.dump(vectors, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
