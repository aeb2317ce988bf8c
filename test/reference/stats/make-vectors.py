#!/usr/bin/python3
"""Reference vectors for src/stats and src/evaluate/risk-metrics.ts.

Run with Debian's python3 (python3-numpy 1.24, python3-scipy 1.10, python3-statsmodels 0.13,
python3-pandas 1.5):  /usr/bin/python3 test/reference/stats/make-vectors.py
Writes test/reference/stats/vectors.json next to this script. Every number is computed by
numpy / statsmodels / scipy themselves (not re-derived by hand) on real prices from
data/sample/, so the TypeScript tests compare against independent implementations.

Data: AAPL from data/sample/stocks_19_2004-2024.csv and XLK, SPY from
data/sample/sector_etfs_2004-2025.csv, inner-joined on date, rows where all three are present,
the last PRICE_ROWS rows (so PRICE_ROWS - 1 daily returns). The TS tests select the same rows.
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
PRICE_ROWS = 757
SYMBOLS = ['AAPL', 'XLK', 'SPY']
QUANTILE_LEVELS = [0.0, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 1.0]
RISK_LEVELS = [0.9, 0.95, 0.975, 0.99]
NOTIONAL = 1_000_000.0


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64)]


def load_prices():
    stocks = pd.read_csv(os.path.join(ROOT, 'data/sample/stocks_19_2004-2024.csv'), dtype={'date': str})
    etfs = pd.read_csv(os.path.join(ROOT, 'data/sample/sector_etfs_2004-2025.csv'), dtype={'date': str})
    joined = stocks[['date', 'AAPL']].merge(etfs[['date', 'XLK', 'SPY']], on='date', how='inner')
    joined = joined.dropna(subset=SYMBOLS).sort_values('date').tail(PRICE_ROWS)
    return joined.reset_index(drop=True)


def ols(y, x):
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    return {
        'intercept': float(fit.params[0]), 'slope': float(fit.params[1]),
        'interceptStdError': float(fit.bse[0]), 'slopeStdError': float(fit.bse[1]),
        'rSquared': float(fit.rsquared), 'scale': float(fit.scale),
        'tSlope': float(fit.tvalues[1]), 'n': int(fit.nobs),
    }


def risk(pnl, levels):
    """DESIGN.md: losses L = -pnl; VaR = numpy type-7 quantile of L; ES = mean of L >= VaR."""
    losses = -pnl
    var = [float(np.quantile(losses, a, method='linear')) for a in levels]
    es = [float(losses[losses >= v].mean()) for v in var]
    return {
        'levels': levels, 'mean': float(pnl.mean()), 'volatility': float(pnl.std(ddof=1)),
        'worst': float(max(0.0, losses.max())), 'probabilityOfLoss': float((pnl < 0).mean()),
        'var': var, 'es': es,
    }


def rng_vectors():
    seed = 20240131
    rs = np.random.RandomState(seed)
    uniforms = rs.random_sample(8)
    rs = np.random.RandomState(seed)
    normals = rs.standard_normal(9)  # odd count: exercises the cached second value
    rs = np.random.RandomState(seed)
    bounds = [1, 2, 3, 7, 10, 1000, 2**31 + 5, 2**32]
    integers = [int(rs.randint(n)) if n < 2**32 else int(rs.randint(0, n, dtype=np.uint64)) for n in bounds]
    # Interleaved calls share one stream: uniform, normal, normal (cached), integer, uniform.
    rs = np.random.RandomState(7)
    mixed = [float(rs.random_sample()), float(rs.standard_normal()), float(rs.standard_normal()),
             int(rs.randint(100)), float(rs.random_sample())]
    rs = np.random.RandomState(5489)
    words = rs.randint(0, 2**32, size=10000, dtype=np.uint64)
    return {
        'seed': seed, 'uniforms': floats(uniforms), 'normals': floats(normals),
        'integerBounds': bounds, 'integers': integers, 'mixedSeed': 7, 'mixed': mixed,
        'seed5489First3': [int(w) for w in words[:3]], 'seed5489Word10000': int(words[-1]),
    }


def main():
    prices = load_prices()
    p = {s: prices[s].to_numpy(dtype=np.float64) for s in SYMBOLS}
    logr = {s: np.diff(np.log(p[s])) for s in SYMBOLS}
    lag = 5
    aapl = p['AAPL']

    out = {
        'source': 'test/reference/stats/make-vectors.py',
        'versions': {'numpy': np.__version__, 'statsmodels': statsmodels.__version__,
                     'pandas': pd.__version__},
        'data': {'priceRows': PRICE_ROWS, 'firstDate': prices['date'].iloc[0],
                 'lastDate': prices['date'].iloc[-1], 'symbols': SYMBOLS},
        'returns': {
            'lag': lag,
            'aaplLog1': floats(logr['AAPL']),
            'aaplLogLag': floats(np.log(aapl[lag:] / aapl[:-lag])),
            'aaplSimpleLag': floats(aapl[lag:] / aapl[:-lag] - 1.0),
            'aaplDiffLag': floats(aapl[lag:] - aapl[:-lag]),
        },
        'descriptive': {
            s: {'mean': float(np.mean(logr[s])), 'variance': float(np.var(logr[s], ddof=1)),
                'std': float(np.std(logr[s], ddof=1)),
                'annualisedVolatility': float(np.std(logr[s], ddof=1) * np.sqrt(252.0))}
            for s in SYMBOLS
        },
        'pairs': [
            {'y': y, 'x': x, 'covariance': float(np.cov(logr[y], logr[x])[0, 1]),
             'correlation': float(np.corrcoef(logr[y], logr[x])[0, 1]), 'ols': ols(logr[y], logr[x])}
            for (y, x) in [('AAPL', 'XLK'), ('AAPL', 'SPY'), ('XLK', 'SPY'), ('XLK', 'AAPL')]
        ],
        'quantiles': {
            'levels': QUANTILE_LEVELS,
            'aaplLog1': [float(np.quantile(logr['AAPL'], q, method='linear')) for q in QUANTILE_LEVELS],
        },
    }

    # P&L vectors in currency: NOTIONAL long AAPL, alone and hedged with h* (OLS slope of AAPL
    # log returns on XLK log returns) times NOTIONAL short XLK, over 1-day and overlapping 10-day
    # windows, valued with simple returns (DESIGN.md: log for estimation, simple for P&L).
    h = out['pairs'][0]['ols']['slope']
    risk_out = {}
    for days in (1, 10):
        ra = p['AAPL'][days:] / p['AAPL'][:-days] - 1.0
        rx = p['XLK'][days:] / p['XLK'][:-days] - 1.0
        risk_out[f'unhedged{days}d'] = risk(NOTIONAL * ra, RISK_LEVELS)
        risk_out[f'hedged{days}d'] = risk(NOTIONAL * ra - h * NOTIONAL * rx, RISK_LEVELS)
    out['risk'] = {'notional': NOTIONAL, 'hedgeRatio': h, **risk_out}
    out['rng'] = rng_vectors()

    with open(os.path.join(HERE, 'vectors.json'), 'w') as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write('\n')


if __name__ == '__main__':
    main()
