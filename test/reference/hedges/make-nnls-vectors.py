#!/usr/bin/python3
"""Reference vectors for src/stats/nnls.ts: scipy.optimize.nnls on real returns.

Regress AAPL's and XOM's daily log returns (demeaned, i.e. with an intercept) on the demeaned daily
log returns of candidate hedges, weights constrained >= 0, over the last 756 returns to 2024-11-29
of data/sample. Regenerate (Debian python3-numpy python3-scipy python3-pandas), from the project
root:  /usr/bin/python3 test/reference/hedges/make-nnls-vectors.py
"""
import json
import numpy as np
import pandas as pd
from scipy.optimize import nnls

stocks = pd.read_csv('data/sample/stocks_19_2004-2024.csv', index_col=0)
etfs = pd.read_csv('data/sample/sector_etfs_2004-2025.csv', index_col=0)
prices = stocks.join(etfs, how='inner').loc[:'2024-11-29']
CASES = {
    'AAPL': ['XLK', 'GOOG', 'AMZN', 'META', 'SPY', 'XLY', 'XLC', 'MA', 'XLU'],
    'XOM': ['XLE', 'RRC', 'SPY', 'XLB', 'XLU', 'PFE', 'XLF', 'AAPL'],
}
out = {'source': 'scipy.optimize.nnls (scipy %s), numpy %s' % (__import__('scipy').__version__, np.__version__), 'cases': []}
for target, names in CASES.items():
    names = [n for n in names if n in prices.columns]
    window = prices[[target] + names].dropna().iloc[-757:]
    r = np.log(window).diff().iloc[1:]
    y = (r[target] - r[target].mean()).to_numpy()
    x = (r[names] - r[names].mean()).to_numpy()
    w, rnorm = nnls(x, y, maxiter=1000)
    out['cases'].append({
        'target': target, 'hedges': names, 'firstDate': str(r.index[0]), 'lastDate': str(r.index[-1]),
        'weights': w.tolist(), 'residualSumOfSquares': float(rnorm ** 2), 'n': int(len(y)),
    })
with open('test/reference/hedges/nnls-vectors.json', 'w') as f:
    json.dump(out, f, indent=1)
print('wrote', len(out['cases']), 'cases')
