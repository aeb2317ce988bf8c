#!/usr/bin/python3
"""Reference vectors for src/stats and src/evaluate/risk-metrics.ts.

Run with Debian's python3 (python3-numpy 1.24, python3-scipy 1.10, python3-statsmodels 0.13,
python3-pandas 1.5, python3-sklearn 1.2):  /usr/bin/python3 test/reference/stats/make-vectors.py
Writes test/reference/stats/vectors.json next to this script. Every number is computed by
numpy / statsmodels / scipy themselves (not re-derived by hand) on real prices from
data/sample/, so the TypeScript tests compare against independent implementations.

Data: AAPL from data/sample/stocks_19_2004-2024.csv and XLK, SPY from
data/sample/sector_etfs_2004-2025.csv (and, for the covariance matrices, the other MATRIX_SYMBOLS
columns of the same files), inner-joined on date, rows where all MATRIX_SYMBOLS are present, the
last PRICE_ROWS rows (so PRICE_ROWS - 1 daily returns). The TS tests select the same rows.
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
STOCKS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'WMT']
ETFS = ['XLK', 'XLF', 'XLE', 'SPY']
MATRIX_SYMBOLS = STOCKS + ETFS
EWMA_LAMBDAS = [0.94, 0.97]
ROLLING_WINDOWS = [20, 60, 250]
QUANTILE_LEVELS = [0.0, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 1.0]
RISK_LEVELS = [0.9, 0.95, 0.975, 0.99]
NOTIONAL = 1_000_000.0


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64)]


def load_prices():
    stocks = pd.read_csv(os.path.join(ROOT, 'data/sample/stocks_19_2004-2024.csv'), dtype={'date': str})
    etfs = pd.read_csv(os.path.join(ROOT, 'data/sample/sector_etfs_2004-2025.csv'), dtype={'date': str})
    joined = stocks[['date'] + STOCKS].merge(etfs[['date'] + ETFS], on='date', how='inner')
    joined = joined.dropna(subset=MATRIX_SYMBOLS).sort_values('date').tail(PRICE_ROWS)
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


def ewma_vectors(logr):
    """RiskMetrics EWMA, zero mean, weights lambda**i normalised over the sample. Two
    independent computations: pandas ewm(adjust=True) for the running variance, explicit weight
    vectors for the final covariance matrix."""
    out = {'symbols': MATRIX_SYMBOLS, 'cases': []}
    cols = np.column_stack([logr[s] for s in MATRIX_SYMBOLS])
    n = cols.shape[0]
    for lam in EWMA_LAMBDAS:
        running = pd.Series(logr['AAPL'] ** 2).ewm(alpha=1.0 - lam, adjust=True).mean().to_numpy()
        w = lam ** np.arange(n - 1, -1, -1, dtype=np.float64)
        w /= w.sum()
        cov = (cols * w[:, None]).T @ cols
        out['cases'].append({
            'lambda': lam,
            'aaplRunningVariance': floats(running),
            'aaplAnnualisedVolatility': float(np.sqrt(running[-1] * 252.0)),
            'covariance': floats(cov.ravel()),
        })
    return out


def covariance_vectors(logr):
    from sklearn.covariance import ledoit_wolf
    import sklearn
    cols = np.column_stack([logr[s] for s in MATRIX_SYMBOLS])
    out = {'symbols': MATRIX_SYMBOLS, 'sklearn': sklearn.__version__,
           'sample': floats(np.cov(cols, rowvar=False).ravel()),
           'correlation': floats(np.corrcoef(cols, rowvar=False).ravel()), 'ledoitWolf': []}
    # Ledoit & Wolf (2004) written out in numpy, and scikit-learn's implementation: both kept,
    # the script asserts they agree, the tests compare to scikit-learn's numbers.
    for subset in (MATRIX_SYMBOLS, MATRIX_SYMBOLS[:3], ['AAPL']):
        x = np.column_stack([logr[s] for s in subset])
        shrunk, shrinkage = ledoit_wolf(x)
        own_shrunk, own_shrinkage, mu = ledoit_wolf_numpy(x)
        assert abs(own_shrinkage - shrinkage) <= 1e-12 * max(1.0, shrinkage), (own_shrinkage, shrinkage)
        assert np.allclose(own_shrunk, shrunk, rtol=1e-12, atol=0.0)
        out['ledoitWolf'].append({'symbols': subset, 'shrinkage': float(shrinkage), 'targetVariance': float(mu),
                                  'covariance': floats(np.asarray(shrunk).ravel())})
    return out


def ledoit_wolf_numpy(x):
    """Ledoit & Wolf (2004), JMVA 88, Lemmas 3.2-3.4, with <A,B> = tr(AB')/p."""
    n, p = x.shape
    xc = x - x.mean(axis=0)
    s = xc.T @ xc / n
    ident = np.eye(p)
    inner = lambda a, b: np.trace(a @ b.T) / p  # noqa: E731
    m = inner(s, ident)
    d2 = inner(s - m * ident, s - m * ident)
    b_bar2 = sum(inner(np.outer(r, r) - s, np.outer(r, r) - s) for r in xc) / n ** 2
    b2 = min(b_bar2, d2)
    shrinkage = 0.0 if p == 1 else b2 / d2
    return (1 - shrinkage) * s + shrinkage * m * ident, shrinkage, m


def rolling_vectors(logr):
    from statsmodels.regression.rolling import RollingOLS
    y = logr['AAPL']
    x = sm.add_constant(logr['XLK'])
    out = []
    for w in ROLLING_WINDOWS:
        res = RollingOLS(y, x, window=w).fit()
        params = np.asarray(res.params)[w - 1:]
        bse = np.asarray(res.bse)[w - 1:]
        out.append({'window': w, 'y': 'AAPL', 'x': 'XLK',
                    'intercept': floats(params[:, 0]), 'slope': floats(params[:, 1]),
                    'slopeStdError': floats(bse[:, 1]),
                    'rSquared': floats(np.asarray(res.rsquared)[w - 1:]),
                    'residualStdDev': floats(np.sqrt(np.asarray(res.mse_resid)[w - 1:]))})
    return out


def garch_backcast(resid):
    """arch's ewma backcast: tau = min(75, n), weights 0.94**i normalised."""
    tau = min(75, resid.shape[0])
    w = 0.94 ** np.arange(tau)
    w = w / w.sum()
    return float(np.sum(resid[:tau] ** 2 * w))


def garch_variances(r, mu, omega, alpha, beta, backcast):
    sigma2 = np.empty_like(r)
    prev_e2 = backcast
    prev_v = backcast
    for t in range(r.shape[0]):
        sigma2[t] = omega + alpha * prev_e2 + beta * prev_v
        prev_e2 = (r[t] - mu) ** 2
        prev_v = sigma2[t]
    return sigma2


def garch_loglik(r, theta, backcast):
    mu, omega, alpha, beta = theta
    sigma2 = garch_variances(r, mu, omega, alpha, beta, backcast)
    e = r - mu
    return float(-0.5 * np.sum(np.log(2 * np.pi) + np.log(sigma2) + e ** 2 / sigma2))


def fit_garch(r):
    """Constant-mean GARCH(1,1) ML as in arch_model(r, mean='Constant', vol='GARCH'), on r/c with
    c = sample std (ddof 1), SLSQP from several starts then Nelder-Mead polish; best kept."""
    from scipy.optimize import minimize
    n = r.shape[0]
    c = float(np.std(r, ddof=1))
    z = r / c
    bc = garch_backcast(z - z.mean())
    nll = lambda th: -garch_loglik(z, th, bc)  # noqa: E731
    cons = [{'type': 'ineq', 'fun': lambda th: 1.0 - 1e-10 - th[2] - th[3]}]
    bounds = [(-10.0, 10.0), (1e-10, 10.0), (0.0, 1.0), (0.0, 1.0)]
    best = None
    for a, b in [(0.05, 0.9), (0.1, 0.8), (0.03, 0.95), (0.2, 0.5)]:
        x0 = [z.mean(), 1.0 - a - b, a, b]
        res = minimize(nll, x0, method='SLSQP', bounds=bounds, constraints=cons,
                       options={'ftol': 1e-15, 'maxiter': 2000})
        if best is None or res.fun < best.fun:
            best = res
    polish = minimize(nll, best.x, method='Nelder-Mead',
                      options={'xatol': 1e-12, 'fatol': 1e-15, 'maxiter': 40000, 'maxfev': 40000})
    if polish.fun < best.fun and polish.x[1] > 0 and min(polish.x[2:]) >= 0 and sum(polish.x[2:]) < 1:
        best = polish
    mu, omega, alpha, beta = best.x
    params = {'mu': float(mu * c), 'omega': float(omega * c * c), 'alpha': float(alpha), 'beta': float(beta)}
    backcast = bc * c * c
    loglik = float(-best.fun - n * np.log(c))
    theta = [params['mu'], params['omega'], params['alpha'], params['beta']]
    direct = garch_loglik(r, theta, backcast)
    assert abs(direct - loglik) <= 1e-8 * abs(loglik), (direct, loglik)
    sigma2 = garch_variances(r, *theta, backcast)
    next_var = params['omega'] + params['alpha'] * (r[-1] - params['mu']) ** 2 + params['beta'] * sigma2[-1]
    return params, loglik, backcast, float(sigma2[-1]), float(next_var)


def garch_term_structure(omega, alpha, beta, next_var, horizon):
    """Explicit multi-step recursion E[s2_{T+h}] = omega + (alpha+beta) E[s2_{T+h-1}] (arch's
    analytic forecast), independent of the closed form used in the TypeScript."""
    v = [next_var]
    for _ in range(horizon - 1):
        v.append(omega + (alpha + beta) * v[-1])
    return floats(v)


def garch_vectors(logr):
    out = []
    for sym in ('AAPL', 'SPY'):
        r = logr[sym]
        params, loglik, backcast, last_var, next_var = fit_garch(r)
        fixed = {'mu': 5e-4, 'omega': 2e-6, 'alpha': 0.08, 'beta': 0.9}
        fixed_theta = [fixed['mu'], fixed['omega'], fixed['alpha'], fixed['beta']]
        r_bc = garch_backcast(r - r.mean())
        out.append({
            'symbol': sym, 'params': params, 'logLikelihood': loglik, 'backcast': backcast,
            'lastVariance': last_var, 'nextVariance': next_var,
            'fixedParams': fixed, 'fixedBackcast': r_bc,
            'fixedLogLikelihood': garch_loglik(r, fixed_theta, r_bc),
            'fixedVariances': floats(garch_variances(r, *fixed_theta, r_bc)),
            'termStructure': {h: garch_term_structure(params['omega'], params['alpha'], params['beta'], next_var, h)
                              for h in (1, 10, 21, 252)},
        })
    return out


def student_t_vectors(logr):
    from scipy import optimize, special, stats
    out = {'special': {}, 'fits': []}
    xs = [0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.7, 7.25, 10.0, 25.5, 150.0, 1e4]
    out['special'] = {'x': xs, 'gammaln': floats(special.gammaln(xs)), 'digamma': floats(special.psi(xs))}
    for sym in ('AAPL', 'SPY'):
        x = logr[sym]
        df0, loc0, scale0 = stats.t.fit(x)
        nll = lambda th: -np.sum(stats.t.logpdf(x, np.exp(th[0]), th[1], np.exp(th[2])))  # noqa: E731
        res = optimize.minimize(nll, [np.log(df0), loc0, np.log(scale0)], method='Nelder-Mead',
                                options={'xatol': 1e-12, 'fatol': 1e-13, 'maxiter': 40000, 'maxfev': 40000})
        scipy_ll = float(np.sum(stats.t.logpdf(x, df0, loc0, scale0)))
        if -res.fun >= scipy_ll:
            df, loc, scale, ll = float(np.exp(res.x[0])), float(res.x[1]), float(np.exp(res.x[2])), float(-res.fun)
        else:
            df, loc, scale, ll = float(df0), float(loc0), float(scale0), scipy_ll
        fixed = {'degreesOfFreedom': 4.0, 'location': 1e-3, 'scale': 0.012}
        out['fits'].append({
            'symbol': sym, 'degreesOfFreedom': df, 'location': loc, 'scale': scale, 'logLikelihood': ll,
            'scipyFitLogLikelihood': scipy_ll, 'fixed': fixed,
            'fixedLogLikelihood': float(np.sum(stats.t.logpdf(x, fixed['degreesOfFreedom'], fixed['location'], fixed['scale']))),
        })
    return out


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
                 'lastDate': prices['date'].iloc[-1], 'symbols': MATRIX_SYMBOLS},
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
    logr_all = {s: np.diff(np.log(prices[s].to_numpy(dtype=np.float64))) for s in MATRIX_SYMBOLS}
    out['ewma'] = ewma_vectors(logr_all)
    out['covariance'] = covariance_vectors(logr_all)
    out['rolling'] = rolling_vectors(logr_all)
    out['garch'] = garch_vectors(logr_all)
    out['studentT'] = student_t_vectors(logr_all)
    out['rng'] = rng_vectors()

    with open(os.path.join(HERE, 'vectors.json'), 'w') as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write('\n')


if __name__ == '__main__':
    main()
