#!/usr/bin/python3
"""Reference vectors for src/evaluate/stability.ts and src/evaluate/walk-forward.ts.

Run with Debian's python3 (python3-numpy 1.24, python3-scipy 1.10, python3-statsmodels 0.13,
python3-pandas 1.5):  /usr/bin/python3 test/reference/evaluation/make-vectors.py
Writes vectors.json next to this script.

Independence: the numbers come from statsmodels (recursive_olsresiduals, breaks_cusumolsresid,
OLS with classical and HC0 covariances, f_test / wald_test on the fully interacted model for the
Chow test), scipy (betainc, f, t, kstwobign, norm, optimize.nnls) and numpy, not from the
TypeScript. Two things are written out here by formula because no library computes them: the
Brown-Durbin-Evans crossing statistic max|W_m|/(sqrt(N) + 2m/sqrt(N)) over statsmodels' CUSUM path
(rcusum[1:], whose first element is the exact-fit residual of the first k rows), and the drift
test's correlation of two overlapping-window OLS slopes, S_A^-1 C S_B^-1 (the TS tests also check
that formula by Monte Carlo). The walk-forward schedule is re-implemented from its description in
walk-forward.ts.

Data: real prices from data/sample; the calendar of a pair is the dates where every symbol has a
price (src/data/align.ts with all symbols required), restricted to the stated range.
"""
import json
import os

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import optimize, special, stats
from statsmodels.stats.diagnostic import breaks_cusumolsresid, recursive_olsresiduals

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
TRIM = 0.15
A5 = 0.948
TRADING_DAYS = 252
EPISODES = [('global financial crisis', '2008-09-01', '2009-03-31'), ('COVID-19 crash', '2020-02-01', '2020-03-31')]


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def read(file, date_col, cols):
    df = pd.read_csv(os.path.join(ROOT, 'data/sample', file), dtype={date_col: str})
    return df[[date_col] + cols].rename(columns={date_col: 'date'})


FRAMES = {
    'stocks': lambda cols: read('stocks_19_2004-2024.csv', 'date', cols),
    'etfs': lambda cols: read('sector_etfs_2004-2025.csv', 'date', cols),
    'wti': lambda cols: read('wti_spot_eia_2007-2026.csv', 'Date', ['Price']).rename(columns={'Price': 'WTI'}),
    'futures': lambda cols: read('energy_futures_nearby_2007-2025.csv', 'date', cols),
}


def aligned(symbols_by_file, start=None, end=None):
    """Inner join on date of the given columns, rows where all are present, within [start, end]."""
    frames = [FRAMES[f](cols) for f, cols in symbols_by_file]
    df = frames[0]
    for other in frames[1:]:
        df = df.merge(other, on='date', how='inner')
    df = df.dropna().sort_values('date')
    if start is not None:
        df = df[df['date'] >= start]
    if end is not None:
        df = df[df['date'] <= end]
    return df.reset_index(drop=True)


# ── distributions ─────────────────────────────────────────────────────────────────────────────

def distributions():
    beta = []
    for a, b in [(0.5, 0.5), (1, 1), (2.5, 7), (10, 3), (50, 0.5), (376, 0.5), (0.5, 376), (1, 375), (150, 200)]:
        for x in [1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999999]:
            beta.append({'x': x, 'a': a, 'b': b, 'value': float(special.betainc(a, b, x))})
    f = []
    for d1, d2 in [(1, 10), (2, 752), (3, 750), (5, 30), (2, 8)]:
        for v in [0.01, 0.5, 1, 2, 3.5, 5.86, 10, 40]:
            f.append({'f': v, 'd1': d1, 'd2': d2, 'value': float(stats.f.sf(v, d1, d2))})
    t = []
    for df in [1, 3, 10, 13, 34, 754]:
        for v in [0, 0.3, 1, 1.96, 2.5, 4, 9, 30]:
            t.append({'t': v, 'df': df, 'value': float(2 * stats.t.sf(abs(v), df))})
    ks = [{'x': x, 'value': float(stats.kstwobign.sf(x))} for x in [0.2, 0.4, 0.6, 0.8, 0.99, 1.0, 1.2, 1.3581, 1.63, 2.5]]
    bde = [{'a': a, 'value': float(2 * (stats.norm.sf(3 * a) + np.exp(-4 * a * a) * stats.norm.cdf(a)))} for a in [0.5, 0.85, 0.948, 1.143, 1.5]]
    return {'incompleteBeta': beta, 'fSurvival': f, 'tTwoSided': t, 'kolmogorov': ks, 'cusumCrossing': bde}


# ── stability ─────────────────────────────────────────────────────────────────────────────────

def cusum(y, X):
    res = sm.OLS(y, sm.add_constant(X)).fit()
    k = res.model.exog.shape[1]
    (rresid, _, _, _, rresid_scaled, rcusum, _) = recursive_olsresiduals(res, skip=k)
    w = rresid_scaled[k:]
    path = rcusum[1:]
    N = len(w)
    m = np.arange(1, N + 1)
    scaled = np.abs(path) / (np.sqrt(N) + 2 * m / np.sqrt(N))
    stat = scaled.max()
    crossing = np.nonzero(scaled > A5)[0]
    return {
        'firstIndex': k, 'recursiveResiduals': floats(w), 'path': floats(path), 'statistic': float(stat),
        'pValue': float(min(1, 2 * (stats.norm.sf(3 * stat) + np.exp(-4 * stat ** 2) * stats.norm.cdf(stat)))),
        'peakIndex': int(k + np.argmax(scaled)), 'crossingIndex': int(k + crossing[0]) if len(crossing) else None,
    }


def ols_cusum(y, X):
    res = sm.OLS(y, sm.add_constant(X)).fit()
    sup_b, pval, _ = breaks_cusumolsresid(res.resid, ddof=res.model.exog.shape[1])
    return {'statistic': float(sup_b), 'pValue': float(pval)}


def chow_interacted(y, X, m, cov):
    """Chow test as a restriction on the fully interacted model y = Xb + D.X d (D = 1 from m on)."""
    Z = sm.add_constant(X)
    D = (np.arange(len(y)) >= m).astype(float)[:, None]
    full = np.hstack([Z, Z * D])
    k = Z.shape[1]
    R = np.hstack([np.zeros((k, k)), np.eye(k)])
    if cov == 'classical':
        test = sm.OLS(y, full).fit().f_test(R)
    else:
        test = sm.OLS(y, full).fit(cov_type='HC0').wald_test(R, use_f=True, scalar=True)
    return float(np.squeeze(test.fvalue)), float(np.squeeze(test.pvalue))


def sup_f(y, X, cov):
    """Largest Chow F over breaks leaving >= 15 % and > k observations on each side, by brute force
    over separate segment fits (classical: SSRs; hc0: Wald with statsmodels' HC0 covariances)."""
    Z = sm.add_constant(X)
    n, k = Z.shape
    first = max(int(np.ceil(TRIM * n)), k + 1)
    last = min(int(np.floor((1 - TRIM) * n)), n - k - 1)
    ssr_pooled = sm.OLS(y, Z).fit().ssr
    best, at = -np.inf, -1
    for m in range(first, last + 1):
        if cov == 'classical':
            u = sm.OLS(y[:m], Z[:m]).fit().ssr + sm.OLS(y[m:], Z[m:]).fit().ssr
            f = (ssr_pooled - u) / k / (u / (n - 2 * k))
        else:
            a = sm.OLS(y[:m], Z[:m]).fit(cov_type='HC0')
            b = sm.OLS(y[m:], Z[m:]).fit(cov_type='HC0')
            d = a.params - b.params
            f = d @ np.linalg.solve(a.cov_params() + b.cov_params(), d) / k
        if f > best:
            best, at = f, m
    return {'statistic': float(best), 'breakIndex': at, 'firstCandidate': first, 'lastCandidate': last}


def drift(X, before, after, est_before, se_before, est_after, se_after):
    """z of each slope's change between estimates on windows [a0, a1) and [b0, b1), with the
    correlation of the two OLS slopes from the shared observations."""
    X = X.reshape(len(X), -1)
    p = X.shape[1]
    Xa = X[before[0]:before[1]] - X[before[0]:before[1]].mean(0)
    Xb = X[after[0]:after[1]] - X[after[0]:after[1]].mean(0)
    Sa = np.linalg.inv(Xa.T @ Xa)
    Sb = np.linalg.inv(Xb.T @ Xb)
    lo, hi = max(before[0], after[0]), min(before[1], after[1])
    C = np.zeros((p, p))
    if hi > lo:
        C = (X[lo:hi] - X[before[0]:before[1]].mean(0)).T @ (X[lo:hi] - X[after[0]:after[1]].mean(0))
    M = Sa @ C @ Sb
    z, corr = [], []
    for j in range(p):
        rho = M[j, j] / np.sqrt(Sa[j, j] * Sb[j, j])
        var = se_before[j] ** 2 + se_after[j] ** 2 - 2 * rho * se_before[j] * se_after[j]
        z.append(float((est_after[j] - est_before[j]) / np.sqrt(var)))
        corr.append(float(rho))
    zmax = max(abs(v) for v in z)
    return {'z': z, 'correlation': corr, 'statistic': float(zmax), 'critical': float(stats.norm.isf(0.025 / p)),
            'pValue': float(min(1, p * 2 * stats.norm.sf(zmax)))}


def stability_case(name, y, X, chow_at, drift_windows, data=None):
    fits = [sm.OLS(y[lo:hi], sm.add_constant(X[lo:hi])).fit() for lo, hi in drift_windows]
    d = drift(X, *drift_windows, fits[0].params[1:], fits[0].bse[1:], fits[1].params[1:], fits[1].bse[1:])
    d.update({'windows': [list(w) for w in drift_windows], 'before': floats(fits[0].params[1:]), 'beforeSe': floats(fits[0].bse[1:]),
              'after': floats(fits[1].params[1:]), 'afterSe': floats(fits[1].bse[1:])})
    case = {'name': name, 'n': len(y), 'cusum': cusum(y, X), 'olsCusum': ols_cusum(y, X), 'chow': {'breakIndex': chow_at}, 'supF': {}, 'drift': d}
    for cov in ('classical', 'hc0'):
        f, p = chow_interacted(y, X, chow_at, cov)
        case['chow'][cov] = {'statistic': f, 'pValue': p}
        case['supF'][cov] = sup_f(y, X, cov)
    if data is not None:
        case['data'] = data
    return case


def stability():
    cases = []
    px = aligned([('stocks', ['AAPL']), ('etfs', ['XLK', 'SPY'])], end='2024-11-29').tail(757)
    r = np.log(px[['AAPL', 'XLK', 'SPY']].to_numpy()).T
    r = np.diff(r, axis=1)
    y, xlk, spy = r
    cases.append(stability_case('AAPL on XLK, 756 daily log returns to 2024-11-29', y, xlk[:, None], 378, ((0, 504), (252, 756))))
    cases.append(stability_case('AAPL on XLK and SPY, 756 daily log returns to 2024-11-29', y, np.column_stack([xlk, spy]), 300, ((0, 504), (252, 756))))
    # A synthetic relationship whose ratio moves from 1.0 to 0.5 after observation 240 of 400.
    rs = np.random.RandomState(7)
    x = rs.standard_normal(400) * 0.01
    beta = np.where(np.arange(400) < 240, 1.0, 0.5)
    ys = 0.0002 + beta * x + rs.standard_normal(400) * 0.005
    cases.append(stability_case('synthetic break in the ratio (1.0 -> 0.5 at 240 of 400)', ys, x[:, None], 240, ((0, 200), (200, 400)),
                                data={'y': floats(ys), 'x': floats(x)}))
    return {'rows': {'file': 'AAPL from stocks_19, XLK and SPY from sector_etfs', 'last': str(px['date'].iloc[-1]), 'count': len(px)}, 'cases': cases}


# ── walk-forward ──────────────────────────────────────────────────────────────────────────────

def years_before(iso, years):
    whole = int(np.floor(years))
    y, m, d = int(iso[:4]) - whole, iso[5:7], iso[8:10]
    leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
    if m == '02' and d == '29' and not leap:
        d = '28'
    base = pd.Timestamp(f'{y:04d}-{m}-{d}') - pd.Timedelta(days=round((years - whole) * 365))
    return base.strftime('%Y-%m-%d')


def fit_window(method, yw, Xw):
    ols = sm.OLS(yw, sm.add_constant(Xw)).fit()
    if method == 'ols':
        return ols.params[1:], ols.bse[1:], ols.rsquared
    yd = yw - yw.mean()
    Xd = Xw - Xw.mean(0)
    b, rnorm = optimize.nnls(Xd, yd)
    return b, ols.bse[1:], 1 - rnorm ** 2 / (yd @ yd)


def walk_forward(name, symbols_by_file, target, instruments, method, kind, as_of, window, step, history_years):
    start = years_before(as_of, history_years)
    df = aligned(symbols_by_file, start=start, end=as_of)
    dates = df['date'].tolist()
    P = df[[target] + instruments].to_numpy(dtype=float)
    R = np.diff(np.log(P), axis=0) if kind == 'log' else np.diff(P, axis=0)
    y, X = R[:, 0], R[:, 1:]
    n = len(y)
    J = (n - window) // step
    fits = []
    for j in range(J + 1):
        end = n - 1 - j * step
        fits.append(fit_window(method, y[end - window + 1:end + 1], X[end - window + 1:end + 1]))
    first_held = n - J * step
    h = np.empty(n - first_held)
    for j in range(J, 0, -1):
        s0 = n - j * step
        h[s0 - first_held:s0 - first_held + step] = y[s0:s0 + step] - X[s0:s0 + step] @ fits[j][0]
    u = y[first_held:]
    rdates = np.array(dates[1:])
    held_dates = rdates[first_held:]
    episodes = []
    for ep, lo, hi in EPISODES:
        mask = (held_dates >= lo) & (held_dates <= hi)
        if mask.sum() >= 10:
            idx = np.nonzero(mask)[0]
            episodes.append({'name': ep, 'from': str(held_dates[idx[0]]), 'to': str(held_dates[idx[-1]]),
                             'outOfSampleVarianceReduction': float(1 - h[mask].var(ddof=1) / u[mask].var(ddof=1))})
    path = [{'date': str(rdates[n - 1 - j * step]), 'ratios': floats(f[0]), 'stdErrors': floats(f[1])} for j, f in enumerate(fits)][::-1]
    last = slice(n - window, n)
    back = min(J, max(1, round(TRADING_DAYS / step)))
    # Drift of the path's ratios (OLS slopes or NNLS weights) with the unconstrained OLS standard errors.
    d = drift(X, (n - back * step - window, n - back * step), (n - window, n), *fits[back][:2], *fits[0][:2])
    return {
        'name': name, 'target': target, 'instruments': instruments, 'method': method, 'returns': kind, 'asOf': as_of,
        'windowDays': window, 'stepDays': step, 'historyYears': history_years, 'historyFrom': start,
        'calendar': {'first': dates[0], 'last': dates[-1], 'days': len(dates)},
        'from': str(rdates[first_held]), 'to': str(rdates[-1]), 'periods': J,
        'inSampleVarianceReduction': float(fits[0][2]),
        'outOfSampleVarianceReduction': float(1 - h.var(ddof=1) / u.var(ddof=1)),
        'hedgeErrorVolatility': float(np.sqrt(h.var(ddof=1) * TRADING_DAYS)),
        'ratioPath': path, 'episodes': episodes,
        'cusum': {k: v for k, v in cusum(y[last], X[last]).items() if k in ('statistic', 'pValue', 'peakIndex', 'crossingIndex')},
        'supF': sup_f(y[last], X[last], 'hc0'),
        'drift': {**d, 'back': back},
    }


def walk_forwards():
    return [
        walk_forward('AAPL on XLK, log returns, 3-year window, monthly steps, to 2024-11-29',
                     [('stocks', ['AAPL']), ('etfs', ['XLK'])], 'AAPL', ['XLK'], 'ols', 'log', '2024-11-29', 756, 21, 10),
        walk_forward('XOM on XLE through 2008, log returns, 2-year window',
                     [('stocks', ['XOM']), ('etfs', ['XLE'])], 'XOM', ['XLE'], 'ols', 'log', '2012-12-31', 504, 21, 10),
        walk_forward('WTI spot on CL01 through April 2020, price differences, 1-year window',
                     [('wti', ['WTI']), ('futures', ['CL01'])], 'WTI', ['CL01'], 'ols', 'differences', '2021-06-30', 252, 21, 5),
        walk_forward('AAPL on a non-negative basket of XLK, GOOG, AMZN and SPY, quarterly steps',
                     [('stocks', ['AAPL', 'GOOG', 'AMZN']), ('etfs', ['XLK', 'SPY'])], 'AAPL', ['XLK', 'GOOG', 'AMZN', 'SPY'], 'nnls', 'log',
                     '2024-11-29', 504, 63, 8),
    ]


def main():
    out = {
        'generator': 'test/reference/evaluation/make-vectors.py',
        'versions': {'numpy': np.__version__, 'scipy': scipy.__version__, 'statsmodels': statsmodels.__version__, 'pandas': pd.__version__},
        'distributions': distributions(),
        'stability': stability(),
        'walkForward': walk_forwards(),
    }
    with open(os.path.join(HERE, 'vectors.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
