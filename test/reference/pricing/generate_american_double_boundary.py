#!/usr/bin/python3
"""Reference values for American options in the double-boundary regime (a put with q < r < 0, a
call with r < q < 0), where microhedge prices by finite differences: QuantLib 1.29's binomial
engines, Leisen-Reimer (20,001 steps) and Cox-Ross-Rubinstein (40,000 steps), two lattices that
share nothing with our Crank-Nicolson grid. Value, delta and gamma are the engines' own (from the
lattice's first nodes). The two trees agree to 0.15 % in value and 0.5 % in delta and gamma here;
the script refuses to write a case where they differ by more than 0.5 %.

Run:  /usr/bin/python3 test/reference/pricing/generate_american_double_boundary.py > test/reference/pricing/american-double-boundary.json
(Debian python3-quantlib 1.29; about 3 minutes)."""
import json
import sys

import QuantLib as ql

CASES = [
    # The domain's corner: a drift of 0.49 a year for 30 years.
    dict(type='put', spot=100.0, strike=100.0, rate=-0.5, dividendYield=-0.99, volatility=0.2, timeYears=30.0),
    dict(type='put', spot=100.0, strike=100.0, rate=-0.5, dividendYield=-0.99, volatility=0.2, timeYears=5.0),
    dict(type='put', spot=90.0, strike=100.0, rate=-0.02, dividendYield=-0.05, volatility=0.3, timeYears=10.0),
    dict(type='call', spot=110.0, strike=100.0, rate=-0.6, dividendYield=-0.3, volatility=0.25, timeYears=20.0),
]


def tree(case, kind, steps):
    today = ql.Date(1, 1, 2020)
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    # Whole days; every case is a whole number of 365-day years, so T is exact.
    maturity = today + int(round(case['timeYears'] * 365))
    assert abs(dc.yearFraction(today, maturity) - case['timeYears']) < 1e-12
    spot = ql.QuoteHandle(ql.SimpleQuote(case['spot']))
    curve = lambda r: ql.YieldTermStructureHandle(ql.FlatForward(today, r, dc))
    vol = ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), case['volatility'], dc))
    process = ql.BlackScholesMertonProcess(spot, curve(case['dividendYield']), curve(case['rate']), vol)
    kind_ = ql.Option.Put if case['type'] == 'put' else ql.Option.Call
    option = ql.VanillaOption(ql.PlainVanillaPayoff(kind_, case['strike']), ql.AmericanExercise(today, maturity))
    option.setPricingEngine(ql.BinomialVanillaEngine(process, kind, steps))
    return dict(value=option.NPV(), delta=option.delta(), gamma=option.gamma())


def main():
    out = []
    for case in CASES:
        lr = tree(case, 'lr', 20001)
        crr = tree(case, 'crr', 40000)
        for k in ('value', 'delta', 'gamma'):
            if abs(lr[k] - crr[k]) > 0.005 * abs(lr[k]):
                sys.exit(f'{case}: the trees disagree on {k}: {lr[k]} and {crr[k]}')
        out.append(dict(**case, leisenReimer=lr, coxRossRubinstein=crr))
    json.dump(dict(source='QuantLib ' + ql.__version__ + ' BinomialVanillaEngine: lr 20001 steps, crr 40000 steps',
                   script='test/reference/pricing/generate_american_double_boundary.py', cases=out), sys.stdout, indent=1)
    print()


main()
