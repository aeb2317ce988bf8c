#!/usr/bin/python3
"""Reference vectors for src/evaluate/concern.ts (the concern screen, issue 11).

Run with Debian's python3 (python3-numpy 1.24, python3-scipy 1.10, python3-pandas 1.5,
python3-statsmodels 0.13):  /usr/bin/python3 test/reference/concern/make-concern-vectors.py
Writes vectors.json and equal-weight-portfolio.csv next to this script.

Independence: every measure is recomputed here from the raw sample CSVs with pandas / numpy /
scipy / statsmodels, following the definitions in docs/screen.md, not by running the TypeScript:
  - EWMA variance: pandas Series.ewm(alpha = 1 - 0.94, adjust=True).mean() of squared log returns
    (RiskMetrics 1996, eq. 5.1, weights normalised over the sample);
  - volatility percentile: scipy.stats.percentileofscore(kind='weak') / 100;
  - trend z-score: statsmodels OLS of ln P on 0..W-1, last residual / sqrt(scale);
  - 200-day average: pandas rolling(200).mean();
  - ES and Euler contributions: numpy type-7 quantile (np.quantile, method='linear'), tail means;
  - GARCH(1,1) next-day volatility: constant-mean Gaussian ML with arch's backcast (as in
    arch_model(r, mean='Constant', vol='GARCH')), maximised by scipy SLSQP from four starts and a
    Nelder-Mead polish, the variance recursion run by scipy.signal.lfilter;
  - portfolio volatility: EWMA of log(1 + sum_i w_i * m_i) on the holdings' common calendar,
    weights = today's values / today's portfolio value (cash included), m_i the daily simple
    return, or for spot crude the daily price change over today's price.

Cases: the equity sample portfolio as of 2024-11-29 (its last common date) and 2020-03-23 (the
COVID volatility peak), the energy sample as of 2024-11-29 (WTI spot closed at -36.98 on
2020-04-20, so its log-return measures use the history after that day), and an equal-weight
portfolio of the equity sample's 13 holdings (about $200,000 each on 2024-11-29, whole shares).
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import optimize, signal, stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
SAMPLE = os.path.join(ROOT, 'data', 'sample')

# Screen defaults (src/evaluate/concern.ts DEFAULT_SCREEN_OPTIONS).
HORIZON = 10
LOOKBACK = 756
LEVEL = 0.95
LAMBDA = 0.94
VOL_HISTORY = 2520
WARMUP = 250
TREND = 1260
AVERAGE = 200
MIN_HISTORY = 252
YEAR = 252
EQUAL_VALUE = 200_000
# Holdings whose prices can go negative (src/data/symbols.ts): they move by price changes.
ADDITIVE = {'WTI'}

# SLSQP clips trial points to the bounds and says so on every fit; the result is unaffected.
warnings.filterwarnings('ignore', message='Values in x were outside bounds')


def read_wide(name):
    df = pd.read_csv(os.path.join(SAMPLE, name), index_col=0)
    df.index = df.index.astype(str)
    return df


STOCKS = read_wide('stocks_19_2004-2024.csv')
ETFS = read_wide('sector_etfs_2004-2025.csv')
WTI = read_wide('wti_spot_eia_2007-2026.csv').rename(columns={'Price': 'WTI'})


def series(symbol):
    for frame in (STOCKS, ETFS, WTI):
        if symbol in frame.columns:
            return frame[symbol].dropna()
    raise KeyError(symbol)


def read_portfolio(path):
    rows = pd.read_csv(path)
    cash = float(rows.loc[rows.symbol == 'CASH', 'quantity'].sum())
    held = rows[rows.symbol != 'CASH']
    return list(zip(held.symbol, held.quantity.astype(float))), cash


def ewma_variance(r):
    return (pd.Series(r) ** 2).ewm(alpha=1 - LAMBDA, adjust=True).mean().to_numpy()


def garch_backcast(resid):
    tau = min(75, len(resid))
    w = 0.94 ** np.arange(tau)
    return float(np.sum(resid[:tau] ** 2 * w / w.sum()))


def garch_variances(r, mu, omega, alpha, beta, backcast):
    # sigma2_t = omega + alpha e2_{t-1} + beta sigma2_{t-1}, e2_{-1} = sigma2_{-1} = backcast.
    e2 = np.concatenate(([backcast], (r[:-1] - mu) ** 2))
    return signal.lfilter([1.0], [1.0, -beta], omega + alpha * e2, zi=[beta * backcast])[0]


def garch_nll(theta, z, backcast):
    mu, omega, alpha, beta = theta
    s2 = garch_variances(z, mu, omega, alpha, beta, backcast)
    if np.any(s2 <= 0):
        return np.inf
    return 0.5 * np.sum(np.log(2 * np.pi) + np.log(s2) + (z - mu) ** 2 / s2)


def garch_next_volatility(r):
    c = float(np.std(r, ddof=1))
    z = r / c
    bc = garch_backcast(z - z.mean())
    cons = [{'type': 'ineq', 'fun': lambda th: 1.0 - 1e-10 - th[2] - th[3]}]
    bounds = [(-10.0, 10.0), (1e-10, 10.0), (0.0, 1.0), (0.0, 1.0)]
    best = None
    for a, b in [(0.05, 0.9), (0.1, 0.8), (0.03, 0.95), (0.2, 0.5)]:
        res = optimize.minimize(garch_nll, [z.mean(), 1.0 - a - b, a, b], args=(z, bc), method='SLSQP',
                                bounds=bounds, constraints=cons, options={'ftol': 1e-14, 'maxiter': 2000})
        if best is None or res.fun < best.fun:
            best = res
    polish = optimize.minimize(garch_nll, best.x, args=(z, bc), method='Nelder-Mead',
                               options={'xatol': 1e-12, 'fatol': 1e-14, 'maxiter': 20000, 'maxfev': 20000})
    if polish.fun < best.fun and polish.x[1] > 0 and min(polish.x[2:]) >= 0 and sum(polish.x[2:]) < 1:
        best = polish
    mu, omega, alpha, beta = best.x
    s2 = garch_variances(z, mu, omega, alpha, beta, bc)
    next_var = omega + alpha * (z[-1] - mu) ** 2 + beta * s2[-1]
    return float(np.sqrt(YEAR * next_var) * c)


def tail(pnl):
    losses = -pnl
    var = np.quantile(losses, LEVEL)
    mask = losses >= var
    return var, losses[mask].mean(), mask


def holding_measures(symbol, as_of):
    s = series(symbol)
    s = s[s.index <= as_of]
    values = s.to_numpy()
    dates = list(s.index)
    out = {'symbol': symbol}
    # Trailing run of strictly positive prices: log-return measures live there.
    nonpositive = np.nonzero(values <= 0)[0]
    start = int(nonpositive[-1]) + 1 if len(nonpositive) else 0
    positive = values[start:]
    out['positiveFrom'] = dates[start]
    r = np.diff(np.log(positive))
    n = len(r)
    compared = min(VOL_HISTORY, n - (WARMUP - 1))
    if compared >= MIN_HISTORY:
        first = n - (compared + WARMUP - 1)
        v = ewma_variance(r[first:])
        history = v[-compared:]
        out['ewmaVolatility'] = float(np.sqrt(YEAR * v[-1]))
        out['volatilityPercentile'] = float(stats.percentileofscore(history, v[-1], kind='weak') / 100)
        out['volatilityHistoryDays'] = int(compared)
        out['volatilityHistoryFrom'] = dates[start + 1 + n - compared]
    else:
        out['ewmaVolatility'] = float(np.sqrt(YEAR * ewma_variance(r)[-1]))
        out['volatilityPercentile'] = None
    out['garchVolatility'] = garch_next_volatility(r[-VOL_HISTORY:])
    w = min(TREND, len(positive))
    if w >= MIN_HISTORY:
        y = np.log(positive[-w:])
        fit = sm.OLS(y, sm.add_constant(np.arange(w, dtype=float))).fit()
        e = fit.resid[-1]
        out['trendZ'] = float(e / np.sqrt(fit.scale))
        out['fallToTrend'] = float(1 - np.exp(-e))
        out['trendDays'] = int(w)
    else:
        out['trendZ'] = None
    average = s.rolling(AVERAGE).mean().iloc[-1]
    out['aboveAverage'] = float(values[-1] / average - 1)
    out['fallToAverage'] = float(1 - average / values[-1])
    out['runUp1y'] = float(values[-1] / values[-1 - YEAR] - 1)
    out['runUp3y'] = float(values[-1] / values[-1 - 3 * YEAR] - 1)
    return out


def case(name, portfolio_file, as_of):
    positions, cash = read_portfolio(os.path.join(ROOT, portfolio_file))
    symbols = [p[0] for p in positions]
    common = pd.concat([series(sym) for sym in symbols], axis=1, join='inner', keys=symbols)
    common = common[common.index <= as_of]
    assert common.index[-1] == as_of, f'{as_of} is not a common date'
    prices_today = common.iloc[-1]
    values = np.array([q * prices_today[sym] for sym, q in positions])
    total = values.sum() + cash

    # Historical scenarios: 10-day overlapping windows in the last LOOKBACK days. Spot crude moves
    # by the window's price change (src/scenarios/historical.ts, additive symbols), the others
    # by the window's price ratio.
    additive = np.array([sym in ADDITIVE for sym in symbols])
    window = common.iloc[-(LOOKBACK + 1):].to_numpy()
    move = np.where(additive, (window[HORIZON:] - window[:-HORIZON]) / window[-1], window[HORIZON:] / window[:-HORIZON] - 1)
    pnl = move * values
    whole = pnl.sum(axis=1)
    var, es, mask = tail(whole)

    # Portfolio EWMA volatility on the common calendar: today's weights, daily rebalanced.
    recent = common.iloc[-(WARMUP + 1):].to_numpy()
    daily = np.where(additive, (recent[1:] - recent[:-1]) / recent[-1], recent[1:] / recent[:-1] - 1)
    rp = np.log1p(daily @ (values / total))
    portfolio_vol = float(np.sqrt(YEAR * ewma_variance(rp)[-1]))

    holdings = []
    for k, (sym, q) in enumerate(positions):
        h = holding_measures(sym, as_of)
        h['quantity'] = q
        h['value'] = float(values[k])
        h['valueShare'] = float(values[k] / total)
        h['esContribution'] = float((-pnl[mask, k]).mean())
        h['esShare'] = h['esContribution'] / es
        _, es_without, _ = tail(whole - pnl[:, k])
        h['esWithout'] = float(es_without)
        h['esReductionShare'] = float((es - es_without) / es)
        h['volatilityRatio'] = h['ewmaVolatility'] / portfolio_vol
        holdings.append(h)
    return {
        'name': name, 'portfolio': portfolio_file, 'asOf': as_of,
        'portfolioValue': float(total), 'var': float(var), 'es': float(es), 'tailCount': int(mask.sum()),
        'scenarios': int(len(whole)), 'portfolioVolatility': portfolio_vol, 'holdings': holdings,
    }


def write_equal_weight(path, as_of):
    positions, _ = read_portfolio(os.path.join(SAMPLE, 'portfolio.csv'))
    lines = ['symbol,quantity,currency']
    for sym, _ in positions:
        price = series(sym)[as_of]
        lines.append(f'{sym},{round(EQUAL_VALUE / price)},USD')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    equal = os.path.join(HERE, 'equal-weight-portfolio.csv')
    write_equal_weight(equal, '2024-11-29')
    cases = [
        case('equity', 'data/sample/portfolio.csv', '2024-11-29'),
        case('equity-covid', 'data/sample/portfolio.csv', '2020-03-23'),
        case('energy', 'data/sample/energy-portfolio.csv', '2024-11-29'),
        case('equal-weight', 'test/reference/concern/equal-weight-portfolio.csv', '2024-11-29'),
    ]
    out = {
        'generator': 'test/reference/concern/make-concern-vectors.py',
        'versions': {'numpy': np.__version__, 'scipy': scipy.__version__, 'pandas': pd.__version__,
                     'statsmodels': statsmodels.__version__},
        'settings': {'horizonDays': HORIZON, 'lookbackDays': LOOKBACK, 'level': LEVEL, 'lambda': LAMBDA,
                     'volatilityHistoryDays': VOL_HISTORY, 'warmupDays': WARMUP, 'trendDays': TREND,
                     'averageDays': AVERAGE},
        'cases': cases,
    }
    with open(os.path.join(HERE, 'vectors.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
