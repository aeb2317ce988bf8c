#!/usr/bin/python3
"""Reference vectors for src/scenarios and src/evaluate/{contributions,parametric}.ts.

Run with Debian's python3 (python3-numpy 1.24, python3-scipy 1.10, python3-pandas 1.5,
python3-statsmodels 0.13, python3-mpmath 1.2):  /usr/bin/python3 test/reference/scenarios/make-vectors.py
Writes vectors.json next to this script.

Independence: every number here is computed by numpy / scipy / pandas / statsmodels / mpmath
(40-digit arithmetic for the Student-t quantiles, distribution function and tail means), not by
re-running the TypeScript. The random generators are replayed with numpy's legacy
`RandomState(seed)`, which src/stats/rng.ts reproduces bit for bit, following the draw orders
documented in src/scenarios/{monte-carlo,bootstrap,filtered}.ts — so the scenario sets must agree
to rounding, not just in distribution.

Data: real prices from data/sample (stocks_19_2004-2024.csv, sector_etfs_2004-2025.csv,
vix_daily_2004-2026.csv, energy_futures_nearby_2007-2025.csv), inner-joined on date over the
symbols used, rows up to AS_OF, the last ROWS rows (ROWS - 1 daily increments).
"""
import json
import math
import os

import mpmath
import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import optimize, stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
AS_OF = '2024-11-29'
ROWS = 757
HORIZON = 10
SMALL = ['AAPL', 'JPM', 'XOM', 'AGG', 'SPY']
PORTFOLIO = {'AAPL': 3800, 'JPM': 700, 'XOM': 1400, 'PFE': 6000, 'WMT': 1800, 'T': 7000, 'GE': 900,
             'MA': 300, 'SBUX': 1600, 'AMZN': 800, 'GOOG': 1000, 'BAC': 3500, 'AGG': 1700}
WIDE = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'WMT', 'PFE', 'T', 'AGG', 'SPY', 'XLK', 'XLE']


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def read_all():
    stocks = pd.read_csv(os.path.join(ROOT, 'data/sample/stocks_19_2004-2024.csv'), dtype={'date': str}).set_index('date')
    etfs = pd.read_csv(os.path.join(ROOT, 'data/sample/sector_etfs_2004-2025.csv'), dtype={'date': str}).set_index('date')
    vix = pd.read_csv(os.path.join(ROOT, 'data/sample/vix_daily_2004-2026.csv'), dtype={'DATE': str}).set_index('DATE')['CLOSE']
    energy = pd.read_csv(os.path.join(ROOT, 'data/sample/energy_futures_nearby_2007-2025.csv'), dtype={'date': str}).set_index('date')
    series = {c: stocks[c].dropna() for c in stocks.columns}
    series.update({c: etfs[c].dropna() for c in etfs.columns})
    series['VIX'] = vix.dropna()
    series['CL01'] = energy['CL01'].dropna()
    return series


SERIES = read_all()


def history(symbols, rows=ROWS, as_of=AS_OF):
    frame = pd.concat([SERIES[s].rename(s) for s in symbols], axis=1, join='inner').sort_index()
    frame = frame[frame.index <= as_of].tail(rows)
    return frame


def log_returns(frame):
    return np.diff(np.log(frame.to_numpy()), axis=0)          # (n, k)


# ---------------------------------------------------------------------------------------------
def linalg_vectors():
    frame = history(WIDE)
    r = log_returns(frame)
    cov = np.cov(r, rowvar=False)
    # a symmetric matrix that is not positive semi-definite (inconsistent correlations)
    bad = np.array([[1.0, 0.9, 0.1], [0.9, 1.0, 0.9], [0.1, 0.9, 1.0]])
    w, q = np.linalg.eigh(bad)
    repaired = q @ np.diag(np.clip(w, 0, None)) @ q.T
    # positive semi-definite but singular: AAPL twice
    dup = np.cov(np.column_stack([r[:, 0], r[:, 0], r[:, 1]]), rowvar=False)
    return {
        'symbols': WIDE, 'firstDate': frame.index[0], 'lastDate': frame.index[-1],
        'covariance': floats(cov), 'cholesky': floats(np.linalg.cholesky(cov)),
        'eigenvalues': floats(np.linalg.eigvalsh(cov)),
        'notPsd': floats(bad), 'notPsdEigenvalues': floats(w), 'notPsdRepaired': floats(repaired),
        'singular': floats(dup), 'singularEigenvalues': floats(np.linalg.eigvalsh(dup)),
    }


def mc_vectors():
    frame = history(SMALL)
    r = log_returns(frame)
    n, k = r.shape
    cov = np.cov(r, rowvar=False)
    chol = np.linalg.cholesky(cov)
    mu = r.mean(axis=0)
    out = {'symbols': SMALL, 'horizonDays': HORIZON, 'cases': []}
    for case in [dict(dist='normal', seed=42, count=1000, antithetic=False, mean=False),
                 dict(dist='normal', seed=43, count=600, antithetic=True, mean=True),
                 dict(dist='t', seed=7, count=1000, antithetic=False, mean=False, nu=5.0),
                 dict(dist='t', seed=8, count=600, antithetic=True, mean=False, nu=3.5)]:
        rs = np.random.RandomState(case['seed'])
        drift = mu * HORIZON if case['mean'] else np.zeros(k)
        x = np.empty((case['count'], k))
        step = 2 if case['antithetic'] else 1
        for i in range(0, case['count'], step):
            z = rs.standard_normal(k)
            scale = math.sqrt(HORIZON)
            if case['dist'] == 't':
                v = rs.chisquare(case['nu'])
                scale *= math.sqrt((case['nu'] - 2) / v)
            s = scale * (chol @ z)
            x[i] = drift + s
            if case['antithetic']:
                x[i + 1] = drift - s
        rel = np.exp(x)
        out['cases'].append({**case, 'relatives': [floats(rel[:, j]) for j in range(k)]})
    # one ν for the multivariate t: MLE of the location-scale t on the pooled increments, each
    # standardised by its own mean and sample standard deviation (ddof = 1)
    frame = history(WIDE)
    r = log_returns(frame)
    z = ((r - r.mean(axis=0)) / r.std(axis=0, ddof=1)).T.ravel()
    fit = stats.t.fit(z, optimizer=lambda func, x0, args=(), disp=0: optimize.fmin(
        func, x0, args=args, xtol=1e-12, ftol=1e-14, maxiter=20000, maxfun=40000, disp=0))
    # the chi-square sampler alone: sequential RandomState.chisquare draws with varying ν
    rs = np.random.RandomState(2024)
    dfs = [2.5, 3.5, 4.48, 5.0, 8.0, 30.0, 250.0] * 30
    out['chiSquare'] = {'seed': 2024, 'dfs': dfs, 'draws': [float(rs.chisquare(df)) for df in dfs]}
    out['pooled'] = {'symbols': WIDE, 'n': int(z.size), 'df': float(fit[0]), 'loc': float(fit[1]), 'scale': float(fit[2])}
    return out


def bootstrap_vectors():
    frame = history(SMALL)
    r = log_returns(frame)
    n, k = r.shape
    out = {'symbols': SMALL, 'horizonDays': HORIZON, 'cases': []}
    for case in [dict(scheme='stationary', block=9.0, seed=3, count=600),
                 dict(scheme='stationary', block=5.5, seed=4, count=600),
                 dict(scheme='moving-block', block=4, seed=5, count=600)]:
        rs = np.random.RandomState(case['seed'])
        paths = np.empty((case['count'], HORIZON), dtype=np.int64)
        for i in range(case['count']):
            if case['scheme'] == 'stationary':
                t = rs.randint(n)
                paths[i, 0] = t
                for d in range(1, HORIZON):
                    t = rs.randint(n) if rs.random_sample() < 1.0 / case['block'] else (t + 1) % n
                    paths[i, d] = t
            else:
                b = case['block']
                for d in range(0, HORIZON, b):
                    s = rs.randint(n - b + 1)
                    for e in range(d, min(HORIZON, d + b)):
                        paths[i, e] = s + (e - d)
        rel = np.exp(r[paths].sum(axis=1))                  # (count, k)
        out['cases'].append({**case, 'firstPaths': paths[:5].tolist(),
                             'relatives': [floats(rel[:, j]) for j in range(k)]})
    return out


def fhs_vectors():
    frame = history(SMALL)
    r = log_returns(frame)
    n, k = r.shape
    lam = 0.94
    z = np.empty_like(r)
    nxt = np.empty(k)
    for j in range(k):
        v = np.mean(r[:, j] ** 2)
        for t in range(n):
            z[t, j] = r[t, j] / math.sqrt(v)
            v = lam * v + (1 - lam) * r[t, j] ** 2
        nxt[j] = v
    seed, count = 11, 600
    rs = np.random.RandomState(seed)
    x = np.zeros((count, k))
    for i in range(count):
        dates = [rs.randint(n) for _ in range(HORIZON)]
        for j in range(k):
            v = nxt[j]
            for d in dates:
                e = math.sqrt(v) * z[d, j]
                x[i, j] += e
                v = lam * v + (1 - lam) * e * e
    rel = np.exp(x)
    return {'symbols': SMALL, 'horizonDays': HORIZON, 'lambda': lam, 'seed': seed, 'count': count,
            'nextVariance': floats(nxt), 'firstResiduals': [floats(z[:5, j]) for j in range(k)],
            'relatives': [floats(rel[:, j]) for j in range(k)]}


def stress_vectors():
    symbols = list(PORTFOLIO) + ['SPY', 'XLC', 'CL01']
    frame = history(symbols)
    r = log_returns(frame)
    episodes = {'gfc-2008': ('2008-09-12', '2009-03-09'), 'downgrade-2011': ('2011-07-22', '2011-08-08'),
                'covid-2020': ('2020-02-19', '2020-03-23'), 'rates-2022': ('2022-01-03', '2022-10-12'),
                'wti-negative-2020': ('2020-03-31', '2020-04-20')}

    def as_of(series, date):
        s = series[series.index <= date]
        if s.empty:
            return None
        if (pd.Timestamp(date) - pd.Timestamp(s.index[-1])).days > 7:
            return None
        return float(s.iloc[-1])

    spy = symbols.index('SPY')
    betas = {}
    for j, s in enumerate(symbols):
        if s != 'SPY':
            betas[s] = float(sm.OLS(r[:, j], sm.add_constant(r[:, spy])).fit().params[1])
    last = frame.iloc[-1]
    out = {'symbols': symbols, 'firstDate': frame.index[0], 'lastDate': frame.index[-1], 'betas': betas, 'episodes': {}}
    for eid, (a, b) in episodes.items():
        rel = {}
        proxied = []
        spy_move = math.log(as_of(SERIES['SPY'], b) / as_of(SERIES['SPY'], a))
        for s in symbols:
            p0, p1 = as_of(SERIES[s], a), as_of(SERIES[s], b)
            if p0 is None or p1 is None:
                rel[s] = math.exp(betas[s] * spy_move)
                proxied.append(s)
            elif p0 > 0 and p1 > 0:
                rel[s] = p1 / p0
            else:                      # additive: (P_today + ΔP)/P_today
                rel[s] = (float(last[s]) + p1 - p0) / float(last[s])
        v0, v1 = as_of(SERIES['VIX'], a), as_of(SERIES['VIX'], b)
        out['episodes'][eid] = {'start': a, 'end': b, 'relatives': rel, 'proxied': proxied, 'volShift': (v1 - v0) / 100}
    return out


mpmath.mp.dps = 40


def t_cdf_mp(t, nu):
    """Student-t distribution function in 40-digit arithmetic (A&S 26.7.1 via mpmath.betainc)."""
    t, nu = mpmath.mpf(t), mpmath.mpf(nu)
    tail = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
    return 1 - tail if t > 0 else tail


def t_ppf_mp(p, nu):
    start = stats.t.ppf(p, nu)                     # scipy only seeds the 40-digit root finder
    return mpmath.findroot(lambda t: t_cdf_mp(t, nu) - mpmath.mpf(p), mpmath.mpf(start))


def t_pdf_mp(x, nu):
    nu = mpmath.mpf(nu)
    return mpmath.gamma((nu + 1) / 2) / (mpmath.gamma(nu / 2) * mpmath.sqrt(nu * mpmath.pi)) * (1 + x * x / nu) ** (-(nu + 1) / 2)


def t_es_mp(p, nu):
    """E[T | T >= t_p] = integral of x g(x) over [t_p, inf) / (1 - p), by mpmath.quad (no closed form)."""
    q = t_ppf_mp(p, nu)
    return mpmath.quad(lambda x: x * t_pdf_mp(x, nu), [q, q + 10, mpmath.inf]) / (1 - mpmath.mpf(p))


def normal_es_mp(p):
    q = mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(p) - 1)
    return mpmath.quad(lambda x: x * mpmath.npdf(x), [q, q + 10, mpmath.inf]) / (1 - mpmath.mpf(p))


def tail_vectors():
    """Student-t quantiles, distribution function and standard ES in 40-digit arithmetic. (scipy
    1.10's t.ppf, cephes stdtrit, is itself off by up to ~2e-12 relative at nu = 2.5, so scipy only
    seeds the root finder.)"""
    nus = [2.5, 3.0, 4.48, 5.0, 10.0, 30.0, 100.0]
    levels = [0.9, 0.95, 0.975, 0.99, 0.999]
    ppf = [[float(t_ppf_mp(p, nu)) for p in levels] for nu in nus]          # one row per nu
    cdf_points = [-8.0, -2.5, -0.3, 0.0, 0.7, 1.96, 4.0, 25.0]
    cdf = [[float(t_cdf_mp(x, nu)) for x in cdf_points] for nu in nus]
    es_t = [[float(t_es_mp(p, nu)) for p in levels] for nu in nus]
    return {'nus': nus, 'levels': levels, 'ppf': ppf, 'cdfPoints': cdf_points, 'cdf': cdf, 'esStandardT': es_t,
            'normalPpf': [float(mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(p) - 1)) for p in levels],
            'esStandardNormal': [float(normal_es_mp(p)) for p in levels]}


def contribution_vectors():
    symbols = list(PORTFOLIO)
    frame = history(symbols)
    prices = frame.to_numpy()
    last = prices[-1]
    q = np.array([PORTFOLIO[s] for s in symbols], dtype=float)
    h = HORIZON
    rel = prices[h:] / prices[:-h]                              # overlapping windows, (747, k)
    comp = q * last * (rel - 1)                                 # P&L per holding
    total = comp.sum(axis=1)
    loss = -total
    n = loss.size
    out = {'symbols': symbols, 'quantities': floats(q), 'lastPrices': floats(last), 'count': int(n), 'levels': []}
    sd = loss.std(ddof=1)
    iqr = np.quantile(loss, 0.75) - np.quantile(loss, 0.25)
    bw = 0.9 * min(sd, iqr / 1.34) * n ** -0.2
    out['bandwidth'] = float(bw)
    for level in [0.95, 0.99]:
        var = float(np.quantile(loss, level))
        tail = loss >= var
        es = float(loss[tail].mean())
        # local-linear kernel regression of each component loss on d = L - VaR, intercept at d = 0,
        # solved by weighted least squares with numpy.linalg.lstsq (not the closed form used in TS)
        d = loss - var
        w = np.exp(-0.5 * (d / bw) ** 2)
        design = np.column_stack([np.ones(n), d]) * np.sqrt(w)[:, None]
        coef, *_ = np.linalg.lstsq(design, -comp * np.sqrt(w)[:, None], rcond=None)
        cvar = coef[0]
        ces = -comp[tail].mean(axis=0)
        out['levels'].append({'level': level, 'var': var, 'es': es, 'tailCount': int(tail.sum()),
                              'componentVar': floats(cvar), 'componentEs': floats(ces)})
    # variance–covariance with exact Euler components: exposures q·P, horizon covariance of
    # 10-day log returns = 10 × daily sample covariance
    r = log_returns(frame)
    cov = HORIZON * np.cov(r, rowvar=False)
    w = q * last
    sig = math.sqrt(w @ cov @ w)
    parametric = []
    for dist, nu in [('normal', None), ('t', 5.0)]:
        for level in [0.95, 0.99]:
            if dist == 'normal':
                m_var = float(mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(level) - 1))
                m_es = float(normal_es_mp(level))
            else:
                c = math.sqrt((nu - 2) / nu)
                m_var = c * float(t_ppf_mp(level, nu))
                m_es = c * float(t_es_mp(level, nu))
            comps = w * (cov @ w) / sig
            parametric.append({'distribution': dist, 'nu': nu, 'level': level, 'var': float(sig * m_var), 'es': float(sig * m_es),
                               'componentVar': floats(comps * m_var), 'componentEs': floats(comps * m_es)})
    out['varianceCovariance'] = {'volatility': sig, 'covariance': floats(cov), 'exposures': floats(w), 'cases': parametric}
    return out


def revaluation_bench_vectors():
    """bench/revaluation.ts's engine against the numpy peer's own code on the same scenarios: the
    Monte Carlo draws replayed with RandomState(7) in microhedge's order (25 normals per
    scenario), mapped like the peer's gen_scenarios, then risk_numpy.revalue_and_measure."""
    import sys
    sys.path.insert(0, os.path.join(ROOT, 'bench', 'peers'))
    import risk_numpy
    P = risk_numpy.make_portfolio()
    n, seed = 20_000, 7
    k = len(P['S0'])
    sd = P['vol'] / math.sqrt(252)
    cov = np.outer(sd, sd) * P['corr']                      # daily covariance
    z = np.random.RandomState(seed).standard_normal((n, k))  # unit-major, as drawMonteCarloShocks
    x = (-0.5 * P['vol'] ** 2 / 252 * HORIZON)[:, None] + math.sqrt(HORIZON) * (np.linalg.cholesky(cov) @ z.T)
    spots = P['S0'][:, None] * np.exp(x)
    metrics, _ = risk_numpy.revalue_and_measure(P, spots)
    return {'count': n, 'seed': seed, 'metrics': floats(metrics)}   # (21, 2, 4) row-major


def main():
    vectors = {
        'generator': {'numpy': np.__version__, 'scipy': scipy.__version__, 'pandas': pd.__version__, 'mpmath': mpmath.__version__,
                      'statsmodels': statsmodels.__version__, 'asOf': AS_OF, 'rows': ROWS},
        'linalg': linalg_vectors(),
        'monteCarlo': mc_vectors(),
        'bootstrap': bootstrap_vectors(),
        'fhs': fhs_vectors(),
        'stress': stress_vectors(),
        'tails': tail_vectors(),
        'contributions': contribution_vectors(),
        'revaluationBench': revaluation_bench_vectors(),
    }
    with open(os.path.join(HERE, 'vectors.json'), 'w') as f:
        json.dump(vectors, f, indent=None, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
