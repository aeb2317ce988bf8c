#!/usr/bin/python3
"""Reference facts for the importers of src/data (test/data/*.test.ts).

Run with Debian's python3 (python3-pandas 1.5, python3-numpy 1.24, quantlib-python 1.29):
    /usr/bin/python3 test/reference/data/make-data-reference.py
Writes test/reference/data/reference.json next to this script. Every fact is computed by pandas'
own CSV reader / json module / QuantLib, independently of the TypeScript readers:

- prices: per file and symbol the observation count, first and last date and value, sum, and the
  count of blank cells inside the series; the rows where a simple one-day return is above +100 %
  or below -90 % (between two positive prices), and runs of >= 20 identical prices.
- rates: per FRED series count, first/last date and value (as decimals), and the sum.
- option chains: counts, sums and dates of the Yahoo JSON and the SPX CSV.
- tbill: continuously compounded ACT/365F rates of bank-discount quotes, via QuantLib's
  InterestRate.impliedRate on the compound factor 1/P, P = 1 - d*days/360.
- alignment: the missing-data policy of docs/data-formats.md implemented with pandas
  (reindex(method='ffill') for as-of values, runs of dates without an own price) on real files.
"""
import json
import os

import numpy as np
import pandas as pd
import QuantLib as ql

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
SAMPLE = os.path.join(ROOT, 'data', 'sample')
FIXTURES = os.path.join(ROOT, 'test', 'fixtures', 'data')
NA = ['', 'NA', 'N/A', '#N/A', '.', 'null', 'NULL', 'NaN', 'nan']
ABOVE, BELOW, STALE_RUN = 1.0, -0.9, 20

# (file, column read, symbol, date format or None for ISO); None column = every non-date column.
PRICE_FILES = [
    ('stocks_19_2004-2024.csv', None, None, None),
    ('sector_etfs_2004-2025.csv', None, None, None),
    ('XLK_yahoo_ohlcv_2019-2025.csv', 'Adj Close', 'XLK', None),
    ('es_emini_front_2007-2023.csv', 'adjClose', 'ES', None),
    ('sp500_index_2004-2020.csv', 'adjclose', 'SPX', None),
    ('energy_futures_nearby_2007-2025.csv', None, None, None),
    ('wti_spot_eia_2007-2026.csv', 'Price', 'WTI', None),
    ('wti_cash_vs_jun2020_contract.csv', None, None, None),
    ('etf_total_return_indices_2004-2023.csv', None, None, '%m/%d/%Y'),
    ('vix_daily_2004-2026.csv', 'CLOSE', 'VIX', None),
    ('reliance_equity_vol_debt_2011-2012.csv', None, None, None),
]


def read_frame(path, date_format):
    df = pd.read_csv(path, na_values=NA, keep_default_na=False, encoding='utf-8-sig', dtype=str)
    date_col = df.columns[0]
    dates = pd.to_datetime(df[date_col], format=date_format or '%Y-%m-%d')
    df.index = dates.dt.strftime('%Y-%m-%d')
    # The pandas frame keeps file order; file line = position + 2 (header is line 1).
    df['__line'] = np.arange(len(df)) + 2
    df = df.drop(columns=[date_col]).sort_index()
    return df


def as_floats(column):
    """Python's float() (correctly rounded), not pandas' fast parser, which can be 1 ulp off."""
    return column.map(lambda x: float(x) if isinstance(x, str) else np.nan).astype(np.float64)


def series_facts(raw, symbol, column):
    """raw: the column as strings with NaN for missing, ascending dates, plus the file lines."""
    values = as_floats(raw[column])
    present = values.dropna()
    lines = raw['__line'][present.index]
    first, last = present.index[0], present.index[-1]
    inside = values.loc[first:last].isna().sum()
    prev = present.shift(1)
    ret = present / prev - 1
    ok = (prev > 0) & (present > 0)
    suspect = ret[ok & ((ret > ABOVE) | (ret < BELOW))]
    runs = (present != present.shift()).cumsum()
    run_len = present.groupby(runs).size()
    stale = []
    for run_id, n in run_len.items():
        if n >= STALE_RUN:
            idx = present.index[runs == run_id]
            stale.append({'row': int(lines[idx[0]]), 'start': idx[0], 'end': idx[-1], 'length': int(n)})
    return {
        'symbol': symbol,
        'column': column,
        'count': int(len(present)),
        'firstDate': first,
        'firstValue': float(present.iloc[0]),
        'lastDate': last,
        'lastValue': float(present.iloc[-1]),
        'sum': float(present.sum()),
        'blankInside': int(inside),
        'blankAfter': int(values.loc[last:].isna().sum()),
        'nonPositive': [{'date': d, 'row': int(lines[d]), 'value': float(v)} for d, v in present[present <= 0].items()],
        'suspectReturns': [{'date': d, 'row': int(lines[d]), 'return': float(r)} for d, r in suspect.items()],
        'staleRuns': stale,
    }


def price_reference():
    out = {}
    for name, column, symbol, fmt in PRICE_FILES:
        df = read_frame(os.path.join(SAMPLE, name), fmt)
        columns = [column] if column else [c for c in df.columns if c != '__line']
        facts = [series_facts(df, symbol or c, c) for c in columns]
        out[name] = {'rows': int(len(df)), 'series': facts}
    return out


def rrc_fixture_reference():
    df = read_frame(os.path.join(FIXTURES, 'stocks_19_1990-01-02_1990-04-20.csv'), None)
    facts = series_facts(df, 'RRC', 'RRC')
    return {'rows': int(len(df)), 'RRC': facts}


def rates_reference():
    out = {}
    for name in ['tbill_3m_dtb3_2000-2026.csv', 'yields_spreads_daily_2004-2026.csv']:
        df = read_frame(os.path.join(SAMPLE, name), None)
        series = []
        for c in [c for c in df.columns if c != '__line']:
            v = (as_floats(df[c]) / 100).dropna()
            series.append({'name': c, 'count': int(len(v)), 'firstDate': v.index[0], 'firstValue': float(v.iloc[0]),
                           'lastDate': v.index[-1], 'lastValue': float(v.iloc[-1]), 'sum': float(v.sum()),
                           'skipped': int(as_floats(df[c]).isna().sum())})
        out[name] = series
    return out


def chain_reference():
    with open(os.path.join(SAMPLE, 'aapl_chain_2016-09-06.json')) as f:
        res = json.load(f)['optionChain']['result'][0]
    opts = res['options'][0]
    q = res['quote']
    quote_date = pd.Timestamp(q['regularMarketTime'] * 1000 + q['gmtOffSetMilliseconds'], unit='ms').strftime('%Y-%m-%d')
    expiry = pd.Timestamp(opts['expirationDate'], unit='s').strftime('%Y-%m-%d')
    yahoo = {
        'quoteDate': quote_date, 'expiry': expiry, 'underlyingPrice': q['regularMarketPrice'],
        'calls': len(opts['calls']), 'puts': len(opts['puts']),
        'timeYears': (pd.Timestamp(expiry) - pd.Timestamp(quote_date)).days / 365,
        'strikeSum': float(sum(c['strike'] for c in opts['calls'] + opts['puts'])),
        'bidSum': float(sum(c['bid'] for c in opts['calls'] + opts['puts'])),
        'askSum': float(sum(c['ask'] for c in opts['calls'] + opts['puts'])),
        'ivSum': float(sum(c['impliedVolatility'] for c in opts['calls'] + opts['puts'])),
        'firstCall': opts['calls'][0], 'lastPut': opts['puts'][-1],
    }
    df = pd.read_csv(os.path.join(SAMPLE, 'spx_chain_2010-09-17.csv'))
    quote = pd.Timestamp(df['quote_date'].iloc[0])
    legs = {}
    for leg, g in df.groupby('leg'):
        days = int(round(g['maturity'].iloc[0] * 365))
        legs[leg] = {'rows': int(len(g)), 'expiry': (quote + pd.Timedelta(days=days)).strftime('%Y-%m-%d'),
                     'timeYears': days / 365, 'maturity': float(g['maturity'].iloc[0]), 'riskFree': float(g['riskfree'].iloc[0]),
                     'calls': int((g['type'] == 'c').sum()), 'puts': int((g['type'] == 'p').sum())}
    spx = {'rows': int(len(df)), 'quoteDate': quote.strftime('%Y-%m-%d'), 'underlyingPrice': float(df['underlying'].iloc[0]),
           'strikeSum': float(df['strike'].sum()), 'bidSum': float(df['bid'].sum()), 'askSum': float(df['ask'].sum()), 'legs': legs}
    return {'yahoo': yahoo, 'spx': spx}


def tbill_reference():
    out = []
    dc = ql.Actual365Fixed()
    for d_pct in [0.0, 0.01, 0.05, 1.0, 3.59, 5.27, 8.0, 15.0]:
        for days in [28, 91, 182, 364]:
            price = 1 - d_pct / 100 * days / 360
            rate = ql.InterestRate.impliedRate(1 / price, dc, ql.Continuous, ql.NoFrequency, days / 365).rate()
            out.append({'discountPct': d_pct, 'days': days, 'continuous': rate})
    return out


def load_series(name, column, symbol, fmt):
    df = read_frame(os.path.join(SAMPLE, name), fmt)
    return symbol, as_floats(df[column]).dropna()


def align(series, required, max_fill, start, end):
    cal = None
    for r in required:
        idx = series[r].index
        cal = idx if cal is None else cal.intersection(idx)
    cal = cal[(cal >= start) & (cal <= end)].sort_values()
    kept, filled, dropped = list(required), [], []
    columns = {r: series[r].reindex(cal) for r in required}
    for sym, s in series.items():
        if sym in required:
            continue
        asof = s.reindex(cal, method='ffill')
        if pd.isna(asof.iloc[0]):
            dropped.append({'symbol': sym, 'reason': 'starts-after-calendar-start'})
            continue
        own = pd.Series(cal.isin(s.index), index=cal)
        run, longest, exceed_at = 0, 0, None
        for i, has in enumerate(own.values):
            run = 0 if has else run + 1
            longest = max(longest, run)
            if run > max_fill and exceed_at is None:
                exceed_at = i
        if exceed_at is not None:
            reason = 'ends-before-calendar-end' if s.index.max() <= cal[exceed_at] else 'gap-too-long'
            dropped.append({'symbol': sym, 'reason': reason})
            continue
        kept.append(sym)
        columns[sym] = asof
        missing = list(own.index[~own.values])
        if missing:
            filled.append({'symbol': sym, 'count': len(missing), 'longestGap': int(longest), 'dates': missing})
    checks = {sym: {'sum': float(columns[sym].sum()), 'every50': [float(x) for x in columns[sym].values[::50]]} for sym in kept}
    return {'required': required, 'maxFillDays': max_fill, 'from': start, 'to': end,
            'calendar': {'start': cal[0], 'end': cal[-1], 'days': int(len(cal))},
            'symbols': kept, 'filled': filled, 'dropped': dropped, 'checks': checks}


ALIGN_INPUTS = [
    ('stocks_19_2004-2024.csv', 'AAPL', 'AAPL', None),
    ('stocks_19_2004-2024.csv', 'BABA', 'BABA', None),
    ('stocks_19_2004-2024.csv', 'XOM', 'XOM', None),
    ('sector_etfs_2004-2025.csv', 'XLK', 'XLK', None),
    ('sector_etfs_2004-2025.csv', 'SPY', 'SPY', None),
    ('sector_etfs_2004-2025.csv', 'XLC', 'XLC', None),
    ('energy_futures_nearby_2007-2025.csv', 'CL01', 'CL01', None),
    ('energy_futures_nearby_2007-2025.csv', 'BRN01', 'BRN01', None),
    ('wti_spot_eia_2007-2026.csv', 'Price', 'WTI', None),
    ('etf_total_return_indices_2004-2023.csv', 'LQD', 'LQD', '%m/%d/%Y'),
    ('etf_total_return_indices_2004-2023.csv', 'HYG', 'HYG', '%m/%d/%Y'),
    ('es_emini_front_2007-2023.csv', 'adjClose', 'ES', None),
    ('sp500_index_2004-2020.csv', 'adjclose', 'SPX', None),
    ('vix_daily_2004-2026.csv', 'CLOSE', 'VIX', None),
]


def alignment_reference():
    series = dict(load_series(*spec) for spec in ALIGN_INPUTS)
    return [
        align(series, ['AAPL', 'XLK'], 5, '2010-01-01', '2024-11-29'),
        align(series, ['XOM', 'CL01'], 5, '2015-01-01', '2019-12-31'),
        align(series, ['SPY'], 2, '2008-01-01', '2012-12-31'),
        align(series, ['AAPL', 'XLK'], 0, '2019-01-01', '2023-06-09'),
    ]


def main():
    ref = {
        'generator': 'test/reference/data/make-data-reference.py',
        'versions': {'pandas': pd.__version__, 'numpy': np.__version__, 'QuantLib': ql.__version__},
        'prices': price_reference(),
        'rrcFixture': rrc_fixture_reference(),
        'rates': rates_reference(),
        'chains': chain_reference(),
        'tbill': tbill_reference(),
        'alignment': alignment_reference(),
    }
    with open(os.path.join(HERE, 'reference.json'), 'w') as f:
        json.dump(ref, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
