#!/usr/bin/python3
"""QuantLib-python (Debian quantlib-python 1.29) peer for `npm run bench`. Reads a JSON job from
the file named on the command line:
  {"european": path to the raw float64 7 x N columns (as scipy_european.py), "europeanCount": m,
   "american": [{isCall, spot, strike, rate, dividendYield, volatility, days}, ...]}
and prints JSON with options/s in process CPU time (Python loop overhead included, which is
QuantLib's cost as seen from Python) and the American values of each engine so the bench can score their accuracy:
  blackFormula: the first m European options through ql.blackFormula;
  impliedVolatility: ql.blackFormulaImpliedStdDev on the same m prices;
  american engines: QdFp fast / accurate / high-precision schemes, Bjerksund-Stensland,
  Barone-Adesi-Whaley."""
import json
import math
import sys
import time

import numpy as np
import QuantLib as ql


def european(path, m):
    cols = np.fromfile(path, dtype='<f8').reshape(7, -1)[:, :m]
    rows = [tuple(float(x) for x in col) for col in cols.T]
    put, call = ql.Option.Put, ql.Option.Call
    prices = []
    t0 = time.process_time()
    for is_call, s, k, r, q, v, t in rows:
        prices.append(ql.blackFormula(call if is_call > 0.5 else put, k, s * math.exp((r - q) * t),
                                      v * math.sqrt(t), math.exp(-r * t)))
    price_rate = m / (time.process_time() - t0)
    t0 = time.process_time()
    solved = 0
    for (is_call, s, k, r, q, v, t), p in zip(rows, prices):
        try:
            ql.blackFormulaImpliedStdDev(call if is_call > 0.5 else put, k, s * math.exp((r - q) * t), p,
                                         math.exp(-r * t), 0.0, v * math.sqrt(t), 1e-12, 100)
            solved += 1
        except RuntimeError:
            pass
    iv_rate = m / (time.process_time() - t0)
    return {'blackFormula': price_rate, 'impliedVolatility': iv_rate, 'impliedVolatilitySolved': solved}


def american(cases):
    today = ql.Date(2, 1, 2020)
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    spot = ql.SimpleQuote(100.0)
    rate = ql.SimpleQuote(0.0)
    div = ql.SimpleQuote(0.0)
    vol = ql.SimpleQuote(0.2)
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(spot),
        ql.YieldTermStructureHandle(ql.FlatForward(today, ql.QuoteHandle(div), dc, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, ql.QuoteHandle(rate), dc, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), ql.QuoteHandle(vol), dc)))
    engines = {
        'QdFp fast': ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.fastScheme()),
        'QdFp accurate': ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.accurateScheme()),
        'QdFp high precision': ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.highPrecisionScheme()),
        'Bjerksund-Stensland': ql.BjerksundStenslandApproximationEngine(process),
        'Barone-Adesi-Whaley': ql.BaroneAdesiWhaleyApproximationEngine(process),
    }
    options = []
    for c in cases:
        kind = ql.Option.Call if c['isCall'] else ql.Option.Put
        options.append((c, ql.VanillaOption(ql.PlainVanillaPayoff(kind, c['strike']),
                                            ql.AmericanExercise(today, today + int(c['days'])))))
    out = {}
    for name, engine in engines.items():
        values = []
        t0 = time.process_time()
        for c, option in options:
            spot.setValue(c['spot'])
            rate.setValue(c['rate'])
            div.setValue(c['dividendYield'])
            vol.setValue(c['volatility'])
            option.setPricingEngine(engine)
            try:
                values.append(option.NPV())
            except RuntimeError:
                values.append(None)
        out[name] = {'rate': len(options) / (time.process_time() - t0), 'values': values}
    return out


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    result = {'version': ql.__version__}
    result.update(european(job['european'], job['europeanCount']))
    result['american'] = american(job['american'])
    print(json.dumps(result))


if __name__ == '__main__':
    main()
