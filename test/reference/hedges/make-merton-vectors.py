#!/usr/bin/python3
"""Reference vectors for src/pricing/merton.ts: Merton's two equations solved with
scipy.optimize.fsolve (tight tolerances) on the real Reliance Industries inputs in
data/sample/reliance_equity_vol_debt_2011-2012.csv (market cap E, equity vol sE, default point F;
CMIE Prowess via the ifrogs package), r = 5 %, T = 1. Regenerate from the project root:
  /usr/bin/python3 test/reference/hedges/make-merton-vectors.py
"""
import csv
import json
import numpy as np
from scipy.optimize import fsolve
from scipy.stats import norm

rows = list(csv.DictReader(open('data/sample/reliance_equity_vol_debt_2011-2012.csv')))
picked = [rows[i] for i in (0, 100, 200, 300, len(rows) - 1)]
r, T = 0.05, 1.0
# Hull's Example 24.3 (E = 3, sE = 0.80, F = 10 due in a year, r = 5 %) as a levered case.
inputs = [(row['date'], float(row['E']), float(row['sE']), float(row['F'])) for row in picked] + [('hull-24.3', 3.0, 0.80, 10.0)]
cases = []
for date, E, sE, F in inputs:

    def eqs(x):
        V, sV = x
        d1 = (np.log(V / F) + (r + 0.5 * sV * sV) * T) / (sV * np.sqrt(T))
        d2 = d1 - sV * np.sqrt(T)
        return [(V * norm.cdf(d1) - F * np.exp(-r * T) * norm.cdf(d2) - E) / E,
                (norm.cdf(d1) * sV * V - sE * E) / E]

    V, sV = fsolve(eqs, [E + F * np.exp(-r * T), sE * E / (E + F)], xtol=1e-15)
    d1 = (np.log(V / F) + (r + 0.5 * sV * sV) * T) / (sV * np.sqrt(T))
    d2 = d1 - sV * np.sqrt(T)
    cases.append({'date': date, 'equityValue': E, 'equityVolatility': sE, 'defaultPoint': F, 'rate': r, 'timeYears': T,
                  'assetValue': V, 'assetVolatility': sV, 'defaultProbability': float(norm.cdf(-d2)),
                  'debtPerEquity': float((1 - norm.cdf(d1)) / norm.cdf(d1))})
json.dump({'source': 'scipy.optimize.fsolve + scipy.stats.norm', 'cases': cases}, open('test/reference/hedges/merton-vectors.json', 'w'), indent=1)
print('wrote', len(cases), 'cases')
