#!/usr/bin/python3
"""Reference vectors for src/hedges/futures-math.ts, futures.ts and macro.ts.

Run with Debian's python3 (python3-numpy 1.24, python3-pandas 1.5, python3-statsmodels 0.13):
    /usr/bin/python3 test/reference/hedges/make-futures-vectors.py
Writes futures-vectors.json next to this script. Everything is recomputed here from the CSV files
in data/sample/ with pandas and statsmodels, independently of the TypeScript code:

- exchange last-trading-day calendars of CL, NG, HO, RB, BRN, written again from the contract
  rules (pandas Timestamps, the futures file's own dates as the business days), and how often
  each rule's roll day is also the day the data themselves point to (the day whose price
  changes are best explained by "every nearby series moved one contract forward");
- the energy sample (data/sample/energy-portfolio.csv) as of 2024-11-29 over 757 aligned days:
  statsmodels OLS of daily WTI spot price changes on CL01 / CL02 changes with the roll days left
  out, the basis statistics and the roll spreads;
- portfolio betas to SPY (statsmodels OLS of daily log returns, weighted by today's values) for
  the energy sample and the default sample portfolio, as of 2024-11-29 and 2010-09-17.

Alignment replicates analyze's: the calendar is the dates on which every holding has a price
(up to the as-of date, last LOOKBACK + 1 of them); other series take their last price on or
before each calendar date.
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
SAMPLE = os.path.join(ROOT, 'data', 'sample')
LOOKBACK = 756
HORIZON = 10


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64)]


def read_wide(name, date_col='date'):
    df = pd.read_csv(os.path.join(SAMPLE, name))
    df[date_col] = pd.to_datetime(df[date_col])
    return df.set_index(date_col).sort_index()


futures = read_wide('energy_futures_nearby_2007-2025.csv')
stocks = read_wide('stocks_19_2004-2024.csv')
etfs = read_wide('sector_etfs_2004-2025.csv')
wti = read_wide('wti_spot_eia_2007-2026.csv', 'Date')['Price'].rename('WTI')
es = read_wide('es_emini_front_2007-2023.csv')['close'].rename('ES')
series = pd.concat([stocks, etfs, wti.to_frame(), futures, es.to_frame()], axis=1)


# --- exchange calendars --------------------------------------------------------------------------
def business_days(family):
    cols = [c for c in futures.columns if c.rstrip('0123456789') == family]
    return list(futures[cols[0]].dropna().index)


class OutsideData(Exception):
    """The rule needs business days outside the futures file's range."""


def nth_before(days, anchor, n):
    if anchor > days[-1]:
        raise OutsideData()
    before = [d for d in days if d < anchor]
    if len(before) < n:
        raise OutsideData()
    return before[-n]


def last_trading_day(family, days, year, month):
    """Last trading day of the contract delivering in year-month (contract specifications)."""
    first = pd.Timestamp(year, month, 1)
    prev = first - pd.offsets.MonthBegin(1)
    dayset = set(days)
    if family == 'CL':   # 3 business days before the 25th of the prior month; 4 if the 25th is not one
        the25th = prev + pd.Timedelta(days=24)
        return nth_before(days, the25th, 3 if the25th in dayset else 4)
    if family == 'NG':   # 3 business days before the first day of the delivery month
        return nth_before(days, first, 3)
    if family in ('HO', 'RB'):   # last business day of the prior month
        return nth_before(days, first, 1)
    if family == 'BRN':
        if (year, month) >= (2016, 3):   # last business day of the second month before delivery
            return nth_before(days, prev, 1)
        fifteenth = first - pd.Timedelta(days=15)
        anchor = fifteenth if fifteenth in dayset else nth_before(days, fifteenth, 1)
        return nth_before(days, anchor, 1)
    raise ValueError(family)


def calendar(family):
    days = business_days(family)
    out = []
    for year in range(2007, 2027):
        for month in range(1, 13):
            try:
                d = last_trading_day(family, days, year, month)
            except OutsideData:
                continue
            if days[0] < d < days[-1]:
                out.append(d)
    return days, sorted(set(out))


def roll_evidence(family, days, expiries):
    """Share of contract months whose rule roll day is the day with the strongest evidence of a
    one-contract shift of the whole nearby curve in that month (median-centred absolute changes
    of 'same series' vs 'shifted series' pairs)."""
    cols = [c for c in futures.columns if c.rstrip('0123456789') == family]
    x = futures[cols].loc[days].dropna()
    v = x.values
    same = v[1:, :-1] - v[:-1, :-1]
    shifted = v[1:, :-1] - v[:-1, 1:]
    a = np.abs(shifted - np.median(shifted, axis=1, keepdims=True)).sum(1)
    b = np.abs(same - np.median(same, axis=1, keepdims=True)).sum(1)
    score = pd.Series(b - a, index=x.index[1:])
    pos = {d: i for i, d in enumerate(x.index)}
    roll_days = {x.index[pos[e] + 1] for e in expiries if e in pos and pos[e] + 1 < len(x.index)}
    best = score.groupby([score.index.year, score.index.month]).idxmax()
    agree = sum(1 for d in best.values if pd.Timestamp(d) in roll_days)
    return {'months': int(len(best)), 'agree': int(agree)}


calendars = {}
for family in ['CL', 'NG', 'HO', 'RB', 'BRN']:
    days, expiries = calendar(family)
    calendars[family] = {
        'lastTradingDays': [d.strftime('%Y-%m-%d') for d in expiries],
        'evidence': roll_evidence(family, days, expiries),
    }


# --- aligned windows ------------------------------------------------------------------------------
def aligned(holdings, others, as_of):
    have = series[holdings].dropna()
    cal = have.index[have.index <= as_of][-(LOOKBACK + 1):]
    other = pd.DataFrame({s: series[s].dropna().reindex(series.index.union(cal)).ffill().reindex(cal) for s in others})
    return pd.concat([have.loc[cal], other], axis=1)


def cl_roll_flags(dates):
    expiries = calendars['CL']['lastTradingDays']
    exp = pd.to_datetime(expiries)
    flags = np.zeros(len(dates), dtype=bool)
    for t in range(1, len(dates)):
        flags[t] = bool(((exp >= dates[t - 1]) & (exp < dates[t])).any())
    return flags


energy_portfolio = pd.read_csv(os.path.join(SAMPLE, 'energy-portfolio.csv'))
energy_holdings = [s for s in energy_portfolio.symbol if s != 'CASH']
w = aligned(energy_holdings, ['CL01', 'CL02', 'CL03', 'SPY'], pd.Timestamp('2024-11-29'))
flags = cl_roll_flags(w.index)
energy = {'asOf': w.index[-1].strftime('%Y-%m-%d'), 'firstDate': w.index[0].strftime('%Y-%m-%d'),
          'days': int(len(w)), 'rollDays': int(flags[1:].sum()),
          'rollDates': [d.strftime('%Y-%m-%d') for d, f in zip(w.index, flags) if f]}
d_spot = w['WTI'].diff().values[1:]
keep = ~flags[1:]
for contract, nxt in [('CL01', 'CL02'), ('CL02', 'CL03')]:
    d_fut = w[contract].diff().values[1:]
    fit = sm.OLS(d_spot[keep], sm.add_constant(d_fut[keep])).fit()
    basis = (w['WTI'] - w[contract]).values
    d_basis = np.diff(basis)[keep]
    moves = basis[HORIZON:] - basis[:-HORIZON]
    at = [t - 1 for t in range(1, len(w)) if flags[t]]
    spreads = (w[nxt].values - w[contract].values)[at]
    energy[contract] = {
        'slope': float(fit.params[1]), 'slopeStdError': float(fit.bse[1]), 'rSquared': float(fit.rsquared),
        'n': int(fit.nobs),
        'basis': {'last': float(basis[-1]), 'mean': float(basis.mean()), 'stdDev': float(basis.std(ddof=1)),
                  'dailyChangeStdDev': float(d_basis.std(ddof=1)), 'worstFall': float(moves.min()),
                  'worstRise': float(moves.max()),
                  'worstFallStart': w.index[int(moves.argmin())].strftime('%Y-%m-%d'),
                  'worstRiseStart': w.index[int(moves.argmax())].strftime('%Y-%m-%d')},
        'rollSpreads': {'count': int(len(spreads)), 'mean': float(spreads.mean()),
                        'dates': [w.index[t].strftime('%Y-%m-%d') for t in at]},
        'spreadNow': float(w[nxt].values[-1] - w[contract].values[-1]),
    }


def dollar_beta(portfolio, as_of):
    holdings = [s for s in portfolio.symbol if s != 'CASH']
    win = aligned(holdings, ['SPY'] if 'SPY' not in holdings else [], pd.Timestamp(as_of))
    index = np.log(win['SPY']).diff().values[1:]
    total = 0.0
    value = float(portfolio.loc[portfolio.symbol == 'CASH', 'quantity'].sum())
    for _, row in portfolio[portfolio.symbol != 'CASH'].iterrows():
        p = win[row.symbol]
        price = float(p.values[-1])
        value += row.quantity * price
        fit = sm.OLS(np.log(p).diff().values[1:], sm.add_constant(index)).fit()
        total += row.quantity * price * float(fit.params[1])
    return {'asOf': win.index[-1].strftime('%Y-%m-%d'), 'dollarBeta': total, 'portfolioValue': value,
            'beta': total / value, 'observations': int(len(index)),
            'spy': float(win['SPY'].values[-1])}


default_portfolio = pd.read_csv(os.path.join(SAMPLE, 'portfolio.csv'))
betas = {
    'energy': dollar_beta(energy_portfolio, '2024-11-29'),
    'default': dollar_beta(default_portfolio, '2024-11-29'),
    'default2010': dollar_beta(default_portfolio, '2010-09-17'),
}
betas['default2010']['es'] = float(es.loc['2010-09-17'])

out = {
    'source': 'test/reference/hedges/make-futures-vectors.py',
    'versions': {'numpy': np.__version__, 'pandas': pd.__version__, 'statsmodels': statsmodels.__version__},
    'calendars': calendars,
    'energy': energy,
    'betas': betas,
    'tailing': [{'rate': r, 'years': t, 'factor': float(np.exp(-r * t))}
                for r, t in [(0.05, 1.0), (0.0432, 10 / 252), (0.02, 0.25), (0.0, 2.0)]],
}
with open(os.path.join(HERE, 'futures-vectors.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print({k: v['evidence'] for k, v in calendars.items()})
print({k: (energy[k]['slope'], energy[k]['rSquared'], energy[k]['n']) for k in ['CL01', 'CL02']})
print(betas)
