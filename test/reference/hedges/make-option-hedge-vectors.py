#!/usr/bin/python3
"""Reference vectors for the option hedges (src/hedges/protective-put.ts, collar.ts, put-spread.ts,
delta-hedge.ts, option-pricing.ts).

Run with Debian's python3 (python3-numpy 1.24, python3-scipy 1.10, python3-pandas 1.5,
quantlib-python 1.29):  /usr/bin/python3 test/reference/hedges/make-option-hedge-vectors.py
Writes test/reference/hedges/option-hedge-vectors.json next to this script. Deterministic.

Every option price here is QuantLib's Black formula (ql.blackFormula on the forward
F = S*exp((r-q)T), standard deviation sigma*sqrt(T), discount exp(-rT)); root finding is scipy's
brentq; normal CDFs are scipy's; the data are read with pandas. Nothing is imported from the
TypeScript code: these are independent implementations of the rules written in the TS doc
comments and docs/hedges-options.md.

Sections
- hull: Hull, Options, Futures and Other Derivatives (9th ed., Table 19.2; 10th ed. Table 19.2):
  weekly delta hedging of 100,000 calls, S0=49, K=50, r=5%, sigma=20%, T=20 weeks. The published
  stock path and deltas (3 dp), the published cumulative cost 5,263.3 and net cost 263.3 (thousand
  $). `hullRounded` recomputes Hull's table procedure (deltas rounded to 3 dp, weekly simple
  interest) to confirm the path; `exact` is the replication with exact deltas and continuous
  interest, which the TS kernel must reproduce to 1e-12.
- replication: one seeded lognormal path, a put replicated with a delta band, spread and
  commission, dividend yield and rate: every output of the run.
- zeroCost: exact zero-cost call strikes K* (call premium = put premium) for a few put strikes.
- aaplModel: the market model of the sample on 2024-11-29 (spot, volatility of the last 756 daily
  log returns x sqrt(252), the DTB3 rate converted to continuous) and the put grid priced on it as
  American options (AAPL's are) by QuantLib's QdFpAmericanEngine, high-precision scheme.
- aaplChain: implied volatilities of the mid quotes of data/sample/aapl_chain_2016-09-06.json
  (American, QdFp high precision, at the chain's spot, the DTB3 rate of 2016-09-06,
  T = days/365): brentq where the mid lies strictly between the prices at sigma = 1e-4 and 10.
- aaplBacktest: the delta-hedge backtest of src/hedges/delta-hedge.ts re-implemented on AAPL:
  run list and summary.
"""
import json
import math
import os

import numpy as np
import pandas as pd
import QuantLib as ql
from scipy.optimize import brentq
from scipy.stats import norm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
SAMPLE = os.path.join(ROOT, 'data', 'sample')


def black(option_type, S, K, r, q, vol, T):
    """European BSM price with continuous yield via QuantLib's Black formula."""
    forward = S * math.exp((r - q) * T)
    kind = ql.Option.Call if option_type == 'call' else ql.Option.Put
    return ql.blackFormula(kind, K, forward, vol * math.sqrt(T), math.exp(-r * T))


def american(option_type, S, K, r, q, vol, days):
    """American price by QuantLib's QdFpAmericanEngine (Andersen-Lake-Offengenden fixed point)
    with its high-precision scheme, `days` calendar days to expiry (ACT/365F)."""
    today = ql.Date(14, 6, 2024)
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(ql.SimpleQuote(S)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, q, dc, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, r, dc, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), vol, dc)))
    kind = ql.Option.Call if option_type == 'call' else ql.Option.Put
    option = ql.VanillaOption(ql.PlainVanillaPayoff(kind, K), ql.AmericanExercise(today, today + days))
    option.setPricingEngine(ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.highPrecisionScheme()))
    return option.NPV()


def delta(sign, S, K, r, q, vol, tau):
    d1 = (math.log(S / K) + (r - q + vol * vol / 2) * tau) / (vol * math.sqrt(tau))
    return sign * math.exp(-q * tau) * norm.cdf(sign * d1)


def replicate(prices, years, option_type, K, r, q, vol, band, half_spread, commission):
    """Delta-hedged replication, the rule of replicateOption's doc comment."""
    sign = 1 if option_type == 'call' else -1
    n = len(prices)
    premium = black(option_type, prices[0], K, r, q, vol, years[0])
    held = delta(sign, prices[0], K, r, q, vol, years[0])
    initial = held
    entry = abs(held) * (prices[0] * half_spread + commission)
    cash = premium - held * prices[0] - entry
    cost = entry
    trades = 0
    for i in range(1, n):
        dt = years[i - 1] - years[i]
        cash = cash * math.exp(r * dt) + held * prices[i - 1] * (math.exp(q * dt) - 1)
        if i == n - 1:
            break
        target = delta(sign, prices[i], K, r, q, vol, years[i])
        change = target - held
        if change != 0 and abs(change) > band:
            fee = abs(change) * (prices[i] * half_spread + commission)
            cash -= change * prices[i] + fee
            cost += fee
            held = target
            trades += 1
    value = held * prices[-1] + cash
    payoff = max(0.0, sign * (prices[-1] - K))
    return {'premium': premium, 'initialDelta': initial, 'value': value, 'payoff': payoff,
            'trackingError': value - payoff, 'cost': cost, 'entryCost': entry, 'trades': trades}


def hull_section():
    path = [49.00, 48.12, 47.37, 50.25, 51.75, 53.12, 53.00, 51.87, 51.38, 53.00, 49.88, 48.50,
            49.88, 50.37, 52.13, 51.88, 52.87, 54.87, 54.62, 55.87, 57.25]
    published_deltas = [0.522, 0.458, 0.400, 0.596, 0.693, 0.774, 0.771, 0.706, 0.674, 0.787, 0.550,
                        0.413, 0.542, 0.591, 0.768, 0.759, 0.865, 0.978, 0.990, 1.000, 1.000]
    K, r, vol = 50.0, 0.05, 0.20
    years = [(20 - i) / 52 for i in range(21)]
    exact_deltas = [delta(1, path[i], K, r, 0.0, vol, years[i]) for i in range(20)]
    assert [round(d, 3) for d in exact_deltas] == published_deltas[:20]
    # Hull's table: shares bought = 100,000 x delta (3 dp), cost in $000, weekly interest r/52 on
    # the cumulative cost, exercise at K at the end.
    cumulative, held = 0.0, 0
    for i, S in enumerate(path):
        shares = round(published_deltas[i] * 100000)
        if i > 0:
            cumulative *= 1 + r / 52
        cumulative += (shares - held) * S / 1000
        held = shares
    exact = replicate(path, years, 'call', K, r, 0.0, vol, 0.0, 0.0, 0.0)
    growth = math.exp(r * years[0])
    return {
        'source': 'Hull, Options, Futures and Other Derivatives, 9th/10th ed., Table 19.2 (option closes in the money)',
        'path': path, 'yearsToExpiry': years, 'strike': K, 'rate': r, 'volatility': vol,
        'publishedDeltas': published_deltas, 'publishedCumulativeCostThousands': 5263.3,
        'publishedNetCostThousands': 263.3, 'options': 100000,
        'hullRoundedCumulativeCostThousands': cumulative,
        'exact': exact,
        # The writer's net cost per option at expiry: premium grown at r minus what the
        # replication ends with beyond the payoff.
        'exactNetCostPerOption': exact['premium'] * growth - exact['trackingError'],
    }


def replication_section():
    rng = np.random.RandomState(20240611)
    steps, T, S0, vol_real = 40, 0.25, 80.0, 0.35
    years = [T * (steps - i) / steps for i in range(steps + 1)]
    z = rng.standard_normal(steps)
    prices = [S0]
    for k in range(steps):
        dt = years[k] - years[k + 1]
        prices.append(prices[-1] * math.exp((0.02 - vol_real ** 2 / 2) * dt + vol_real * math.sqrt(dt) * z[k]))
    settings = {'type': 'put', 'strike': 76.0, 'rate': 0.03, 'dividendYield': 0.01, 'volatility': 0.3,
                'band': 0.04, 'halfSpread': 0.001, 'commissionPerShare': 0.01}
    result = replicate(prices, years, 'put', 76.0, 0.03, 0.01, 0.3, 0.04, 0.001, 0.01)
    daily = replicate(prices, years, 'put', 76.0, 0.03, 0.01, 0.3, 0.0, 0.0, 0.0)
    return {'prices': prices, 'yearsToExpiry': years, 'settings': settings, 'result': result,
            'frictionless': daily}


def zero_cost_section():
    cases = []
    for S, Kp, r, q, vol, T in [(100.0, 95.0, 0.05, 0.0, 0.25, 0.25), (100.0, 90.0, 0.02, 0.01, 0.4, 1.0),
                                (237.33, 215.0, 0.0448, 0.0, 0.274, 91 / 365), (50.0, 49.0, -0.005, 0.02, 0.15, 0.5),
                                (24.8, 23.75, 0.0032, 0.0, 0.245, 30 / 365)]:
        put = black('put', S, Kp, r, q, vol, T)
        k_star = brentq(lambda K: black('call', S, K, r, q, vol, T) - put, 1e-6 * S, 100 * S, xtol=1e-14, rtol=4 * np.finfo(float).eps, maxiter=500)
        cases.append({'spot': S, 'putStrike': Kp, 'rate': r, 'dividendYield': q, 'volatility': vol, 'timeYears': T,
                      'putPremium': put, 'callStrike': k_star})
    return cases


def dtb3_continuous(date):
    rates = pd.read_csv(os.path.join(SAMPLE, 'tbill_3m_dtb3_2000-2026.csv')).dropna()
    row = rates[rates['observation_date'] <= date].iloc[-1]
    d = row['DTB3'] / 100
    return -math.log(1 - d * 91 / 360) / (91 / 365)


def aapl_prices():
    frame = pd.read_csv(os.path.join(SAMPLE, 'stocks_19_2004-2024.csv'), usecols=['date', 'AAPL']).dropna()
    return list(frame['date']), frame['AAPL'].to_numpy(dtype=np.float64)


def strike_step(spot):
    target = 0.01 * spot
    decade = 10 ** math.floor(math.log10(target))
    return min((m * decade for m in (1, 2.5, 5, 10)), key=lambda s: abs(math.log(s / target)))


def aapl_model_section():
    dates, prices = aapl_prices()
    i = dates.index('2024-11-29')
    window = prices[i - 756:i + 1]
    vol = float(np.std(np.diff(np.log(window)), ddof=1) * math.sqrt(252))
    S = float(prices[i])
    r = dtb3_continuous('2024-11-29')
    step = strike_step(S)
    grid = []
    for days in (30, 91, 182, 365):
        for floor in (0.8, 0.85, 0.9, 0.95, 1.0):
            K = math.ceil(floor * S / step - 1e-9) * step
            mid = american('put', S, K, r, 0.0, vol, days)
            grid.append({'days': days, 'floor': floor, 'strike': K, 'unitPremium': mid, 'premiumFraction': mid / S})
    return {'spot': S, 'volatility': vol, 'rate': r, 'strikeStep': step, 'grid': grid}


def aapl_chain_section():
    with open(os.path.join(SAMPLE, 'aapl_chain_2016-09-06.json')) as f:
        result = json.load(f)['optionChain']['result'][0]
    S = result['quote']['regularMarketPrice']
    # The quote date is the exchange-local date of regularMarketTime (src/data/chains.ts).
    quote = result['quote']
    quote_day = math.floor((quote['regularMarketTime'] * 1000 + quote.get('gmtOffSetMilliseconds', 0)) / 86400000)
    assert quote_day == (pd.Timestamp('2016-09-06') - pd.Timestamp('1970-01-01')).days
    r = dtb3_continuous('2016-09-06')
    quotes = []
    for group in result['options']:
        for kind in ('call', 'put'):
            for c in group.get(kind + 's', []):
                bid, ask = c.get('bid'), c.get('ask')
                if bid is None or ask is None or ask < bid or ask <= 0:
                    continue
                days = math.floor(c['expiration'] / 86400) - quote_day
                mid = (bid + ask) / 2
                price = lambda v: american(kind, S, c['strike'], r, 0.0, v, days) - mid
                if not (price(1e-4) < 0 < price(10.0)):
                    quotes.append({'type': kind, 'strike': c['strike'], 'mid': mid, 'impliedVolatility': None})
                    continue
                iv = brentq(price, 1e-4, 10.0, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
                quotes.append({'type': kind, 'strike': c['strike'], 'mid': mid, 'impliedVolatility': iv})
    return {'underlyingPrice': S, 'rate': r, 'quotes': quotes}


def aapl_backtest_section():
    """backtestDeltaHedge's rule on AAPL to 2024-11-29: a 91-calendar-day put struck at
    `moneyness` of the start price, volatility of the 252 log returns before the start, expiry the
    first trading date >= start + 91 days, starts every 63 trading days back from the last run
    that ends by the as-of date, within 10 years (floor(10 x 365.25) = 3652 days) of it."""
    dates, prices = aapl_prices()
    as_of = '2024-11-29'
    last = max(k for k, d in enumerate(dates) if d <= as_of)
    day = lambda iso: (pd.Timestamp(iso) - pd.Timestamp('1970-01-01')).days
    earliest = (pd.Timestamp(as_of) - pd.Timedelta(days=math.floor(10 * 365.25))).strftime('%Y-%m-%d')
    moneyness, band, term, every, window, r = 227.5 / 237.3300018310547, 0.05, 91, 63, 252, dtb3_continuous(as_of)
    half_spread, commission = 0.0001, 0.005

    def end_of(start):
        expiry = (pd.Timestamp(dates[start]) + pd.Timedelta(days=term)).strftime('%Y-%m-%d')
        j = start + 1
        while j <= last and dates[j] < expiry:
            j += 1
        return j

    start = last
    while start >= 0 and end_of(start) > last:
        start -= 1
    starts = []
    while start >= window and dates[start] >= earliest:
        starts.append(start)
        start -= every
    starts.reverse()
    runs = []
    for i in starts:
        end = end_of(i)
        vol = float(np.std(np.diff(np.log(prices[i - window:i + 1])), ddof=1) * math.sqrt(252))
        path = [float(p) for p in prices[i:end + 1]]
        years = [(day(dates[end]) - day(dates[i + k])) / 365 for k in range(len(path))]
        res = replicate(path, years, 'put', moneyness * path[0], r, 0.0, vol, band, half_spread, commission)
        growth = math.exp(r * years[0])
        s0 = path[0]
        runs.append({'start': dates[i], 'end': dates[end], 'volatility': vol, 'premium': res['premium'] / s0,
                     'trackingError': res['trackingError'] / s0, 'cost': res['cost'] / s0, 'trades': res['trades'],
                     'putPnl': (res['payoff'] - res['premium'] * growth) / s0,
                     'hedgePnl': (res['value'] - res['premium'] * growth) / s0})
    te = np.array([x['trackingError'] for x in runs])
    return {'asOf': as_of, 'moneyness': moneyness, 'band': band, 'rate': r, 'halfSpread': half_spread,
            'commissionPerShare': commission, 'runs': runs,
            'summary': {'runs': len(runs), 'meanTrackingError': float(te.mean()), 'trackingErrorStd': float(te.std(ddof=1)),
                        'worstTrackingError': float(te.min())}}


def main():
    out = {
        'generator': 'test/reference/hedges/make-option-hedge-vectors.py',
        'versions': {'numpy': np.__version__, 'pandas': pd.__version__, 'QuantLib': ql.__version__},
        'hull': hull_section(),
        'replication': replication_section(),
        'zeroCost': zero_cost_section(),
        'aaplModel': aapl_model_section(),
        'aaplChain': aapl_chain_section(),
        'aaplBacktest': aapl_backtest_section(),
    }
    with open(os.path.join(HERE, 'option-hedge-vectors.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
