#!/usr/bin/python3
"""Reference vectors for src/evaluate/accounting.ts and `microhedge effectiveness`.

Run with Debian's python3 (python3-numpy 1.24, python3-scipy 1.10, python3-statsmodels 0.13,
python3-pandas 1.5):  /usr/bin/python3 test/reference/evaluation/make-accounting-vectors.py
Writes accounting-vectors.json next to this script.

Independence: period ends come from pandas periods (to_period('M') / to_period('W-SUN')), the
regressions and their p-values from statsmodels OLS, variances from numpy; the dollar-offset
ratios are the textbook quotient -sum(dH)/sum(dI) (IAS 39 AG105(b)).

Cases, on real prices from data/sample (calendar: dates where both series have a price):
  - WTI Cushing spot (EIA) hedged with the CL01 nearby future, monthly, designated 2024-09-30,
    ratio = minimum-variance slope over the 3 years before designation;
  - XOM hedged with XLE, weekly, designated 2023-06-30, ratio 1.25 given;
  - AAPL hedged with XLK, daily, designated 2024-06-03, ratio 0.9 given (a cross hedge too weak
    for hedge accounting).
"""
import json
import os

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def series(file, date_col, col, name):
    df = pd.read_csv(os.path.join(ROOT, 'data/sample', file), dtype={date_col: str})[[date_col, col]]
    return df.rename(columns={date_col: 'date', col: name}).dropna()


SOURCES = {
    'WTI': ('wti_spot_eia_2007-2026.csv', 'Date', 'Price'),
    'CL01': ('energy_futures_nearby_2007-2025.csv', 'date', 'CL01'),
    'XOM': ('stocks_19_2004-2024.csv', 'date', 'XOM'),
    'XLE': ('sector_etfs_2004-2025.csv', 'date', 'XLE'),
    'AAPL': ('stocks_19_2004-2024.csv', 'date', 'AAPL'),
    'XLK': ('sector_etfs_2004-2025.csv', 'date', 'XLK'),
}


def years_before(iso, years):
    y = int(iso[:4]) - years
    m, d = iso[5:7], iso[8:10]
    if m == '02' and d == '29' and not ((y % 4 == 0 and y % 100 != 0) or y % 400 == 0):
        d = '28'
    return f'{y:04d}-{m}-{d}'


def regression(item, hedge):
    fit = sm.OLS(item, sm.add_constant(hedge)).fit()
    return {'slope': float(fit.params[1]), 'intercept': float(fit.params[0]), 'rSquared': float(fit.rsquared),
            'slopeStdError': float(fit.bse[1]), 'tSlope': float(fit.tvalues[1]), 'pValue': float(fit.pvalues[1]), 'n': int(fit.nobs)}


def case(item_sym, inst_sym, period, designation, ratio=None, years=3):
    a = series(*SOURCES[item_sym], item_sym)
    b = series(*SOURCES[inst_sym], inst_sym)
    df = a.merge(b, on='date', how='inner').sort_values('date').reset_index(drop=True)
    dt = pd.to_datetime(df['date'])
    if period == 'daily':
        key = df['date']
    else:
        key = dt.dt.to_period('M' if period == 'monthly' else 'W-SUN').astype(str)
    is_end = key != key.shift(-1)
    d = int(np.nonzero(df['date'].to_numpy() <= designation)[0][-1])
    start = years_before(df['date'][d], years)
    idx = np.arange(len(df))
    hist = [i for i in idx[is_end.to_numpy()] if i < d and df['date'][i] >= start] + [d]
    real = [d] + [i for i in idx[is_end.to_numpy()] if i > d]
    P = df[[item_sym, inst_sym]].to_numpy(dtype=float)
    dh = np.diff(P[hist], axis=0)
    dr = np.diff(P[real], axis=0)
    mv = sm.OLS(dh[:, 0], sm.add_constant(dh[:, 1])).fit()
    used = float(mv.params[1]) if ratio is None else ratio
    h_hist = -used * dh[:, 1]
    h_real = -used * dr[:, 1]
    out = {
        'item': item_sym, 'instrument': inst_sym, 'period': period, 'designation': designation, 'designationDate': df['date'][d],
        'ratioGiven': ratio, 'ratio': used, 'calendar': {'first': df['date'][0], 'last': df['date'].iloc[-1], 'days': len(df)},
        'minimumVarianceRatio': {'ratio': float(mv.params[1]), 'stdError': float(mv.bse[1]), 'n': int(mv.nobs)},
        'prospective': {
            'from': df['date'][hist[0]], 'to': df['date'][d], 'changes': len(dh), 'regression': regression(dh[:, 0], h_hist),
            'variabilityReduction': float(1 - np.var(dh[:, 0] + h_hist, ddof=1) / np.var(dh[:, 0], ddof=1)),
        },
        'retrospective': {
            'from': df['date'][d], 'to': df['date'][real[-1]], 'periodEnds': [df['date'][i] for i in real[1:]],
            'itemChanges': floats(dr[:, 0]), 'hedgeChanges': floats(h_real),
            'cumulativeRatio': float(-h_real.sum() / dr[:, 0].sum()), 'netChange': float(dr[:, 0].sum() + h_real.sum()),
            'periodRatios': [None if di == 0 else float(-hi / di) for hi, di in zip(h_real, dr[:, 0])],
            'regression': regression(dr[:, 0], h_real),
            'variabilityReduction': float(1 - np.var(dr[:, 0] + h_real, ddof=1) / np.var(dr[:, 0], ddof=1)),
        },
    }
    return out


def main():
    out = {
        'generator': 'test/reference/evaluation/make-accounting-vectors.py',
        'versions': {'numpy': np.__version__, 'scipy': scipy.__version__, 'statsmodels': statsmodels.__version__, 'pandas': pd.__version__},
        'cases': [
            case('WTI', 'CL01', 'monthly', '2024-09-30'),
            case('XOM', 'XLE', 'weekly', '2023-06-30', ratio=1.25),
            case('AAPL', 'XLK', 'daily', '2024-06-03', ratio=0.9),
        ],
    }
    with open(os.path.join(HERE, 'accounting-vectors.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
