#!/usr/bin/python3
"""Writes bench/revaluation-portfolio.json: the deterministic portfolio, market parameters and
20 hedge candidates of risk_numpy.py's scenario-revaluation workload (make_portfolio(), numpy
PCG64 seed 20240601), so that bench/revaluation.ts runs exactly the same positions without
needing Python. Run: /usr/bin/python3 bench/peers/revaluation_portfolio.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import risk_numpy  # noqa: E402  (the copied peer script, imported for its make_portfolio)


def main():
    P = risk_numpy.make_portfolio()

    def leg(l):
        if l[0] == 'opt':
            o = l[1]
            return {'kind': 'option', 'underlying': int(o['und']), 'call': bool(o['call']), 'strike': float(o['K']),
                    'expiryYears': float(o['T']), 'quantity': float(o['qty'])}
        return {'kind': 'stock', 'index': int(l[1]), 'quantity': float(l[2])}

    out = {
        'source': 'bench/peers/risk_numpy.py make_portfolio() (numpy default_rng(20240601))',
        'horizonDays': risk_numpy.HORIZON_DAYS, 'rate': risk_numpy.RATE, 'target': risk_numpy.TARGET,
        'spots': [float(x) for x in P['S0']], 'volatilities': [float(x) for x in P['vol']],
        'dividendYields': [float(x) for x in P['div']], 'correlation': [float(x) for x in P['corr'].ravel()],
        'shares': [float(x) for x in P['shares']],
        'options': [leg(('opt', o)) for o in P['options']],
        'hedges': [{'name': n, 'legs': [leg(l) for l in h]} for n, h in zip(P['hedge_names'], P['hedges'])],
    }
    with open(os.path.join(HERE, '..', 'revaluation-portfolio.json'), 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
