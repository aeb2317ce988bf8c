"""Slices of the embedded sample (data/sample, real Yahoo closes; see its PROVENANCE.md) used by the
bad-input corpus, and the degenerate markets built from them. Run from the repository root:
    /usr/bin/python3 test/bad-inputs/make-fixtures.py
"""
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / 'data' / 'sample'
HERE = Path(__file__).resolve().parent


def read_wide(name, symbols):
    with open(SAMPLE / name, newline='') as f:
        rows = list(csv.DictReader(f))
    return {r['date']: {s: r[s] for s in symbols} for r in rows if all(r[s] not in ('', None) for s in symbols)}


stocks = read_wide('stocks_19_2004-2024.csv', ['AAPL', 'XOM', 'JPM'])
etfs = read_wide('sector_etfs_2004-2025.csv', ['SPY', 'XLE', 'XLF', 'XLK'])
dates = sorted(d for d in stocks if d in etfs and d <= '2024-11-29')


def write(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)


def closes(days, columns=('AAPL', 'XOM', 'JPM', 'SPY', 'XLE', 'XLF', 'XLK')):
    out = []
    for d in dates[-days:]:
        merged = {**stocks[d], **etfs[d]}
        out.append([d] + [merged[c] for c in columns])
    return ['date', *columns], out


# CLI corpus: a three-stock book with 400 and 45 trading days of real closes.
write(HERE / 'cli' / 'fixtures' / 'prices.csv', *closes(400))
write(HERE / 'cli' / 'fixtures' / 'short-prices.csv', *closes(45))
# The same closes on the days 1-12 of each month only, written D/M/YYYY: no date shows whether the
# day or the month comes first (03/04/2024 is either), so the file needs --date-order day-first.
head, rows = closes(700)
write(HERE / 'cli' / 'fixtures' / 'day-first-prices.csv', head,
      [[f'{int(d[8:10])}/{int(d[5:7])}/{d[:4]}', *r[1:]] for r in rows for d in [r[0]] if int(d[8:10]) <= 12])

# Degenerate markets: each a real series bent one way.
M = HERE / 'markets' / 'fixtures'
head, rows = closes(300)
write(M / 'prices.csv', head, rows)
# AAPL frozen at its first close: zero volatility for the target.
write(M / 'constant-target.csv', head, [[r[0], rows[0][1], *r[2:]] for r in rows])
# XLK frozen: zero volatility for a hedge instrument.
write(M / 'constant-hedge.csv', head, [[*r[:7], rows[0][7]] for r in rows])
# AAPL duplicated as AAPL2: perfectly correlated assets.
write(M / 'duplicate.csv', [*head, 'AAPL2'], [[*r, r[1]] for r in rows])
# Every price growing by exactly 0.1 % a day: all returns equal, zero variance everywhere.
write(M / 'equal-returns.csv', head, [[r[0], *[f'{100 * 1.001 ** i:.10f}' for _ in head[1:]]] for i, r in enumerate(rows)])
for n in (1, 2, 5, 31):
    write(M / f'days-{n}.csv', *closes(n))
# A hedge instrument whose history ends before the book's starts.
old = [d for d in sorted(etfs) if d < dates[-300]][-300:]
write(M / 'old-xlk.csv', ['date', 'XLK2'], [[d, etfs[d]['XLK']] for d in old])
# SPX quotes of 2010-09-17 restated as expiring that day (maturity 0): an option at expiry.
with open(SAMPLE / 'spx_chain_2010-09-17.csv', newline='') as f:
    spx = [r for r in csv.reader(f)]
at_expiry = [r[:2] + ['0'] + r[3:] for r in spx[1:] if r[1] == 'near' and r[5] in ('1100', '1125', '1150')]
write(M / 'spx-at-expiry.csv', spx[0], at_expiry)
# The book's real closes with one zero price (a bad print) and one negative one.
write(M / 'zero-price.csv', head, [[*r[:1], '0', *r[2:]] if i == 150 else r for i, r in enumerate(rows)])
write(M / 'negative-price.csv', head, [[*r[:1], '-1.5', *r[2:]] if i == 150 else r for i, r in enumerate(rows)])
