#!/usr/bin/python3
"""Cut data/sample/ out of the shared real-data folder (run once by a maintainer; never at run time).

Every output file is a byte-for-byte subset of the rows of its source file (header kept, rows
filtered by date); nothing is recomputed, so each price is exactly the source's. Usage, from the
project root with the shared data beside it:  /usr/bin/python3 data/sample/make-sample.py ../shared/data
"""
import os
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else '../shared/data'
OUT = os.path.dirname(os.path.abspath(__file__))

# (source, output name, first date kept or None for the whole file, date format)
FILES = [
    ('equities/stocks_19_1990-2024.csv', 'stocks_19_2004-2024.csv', '2004-01-02', 'iso'),
    ('equities/sector_etfs_1998-2025.csv', 'sector_etfs_2004-2025.csv', '2004-01-02', 'iso'),
    ('equities/XLK_yahoo_ohlcv.csv', 'XLK_yahoo_ohlcv_2019-2025.csv', '2019-01-02', 'iso'),
    ('equities/sp500_index_2000-2020.csv', 'sp500_index_2004-2020.csv', '2004-01-02', 'iso'),
    ('futures/es_emini_front_2000-2023.csv', 'es_emini_front_2007-2023.csv', '2007-01-02', 'iso'),
    ('futures/energy_futures_nearby_2007-2025.csv', 'energy_futures_nearby_2007-2025.csv', None, 'iso'),
    ('futures/wti_spot_eia_1986-2026.csv', 'wti_spot_eia_2007-2026.csv', '2007-01-02', 'iso'),
    ('futures/wti_cash_vs_jun2020_contract.csv', 'wti_cash_vs_jun2020_contract.csv', None, 'iso'),
    ('options/aapl_chain_2016-09-06.json', 'aapl_chain_2016-09-06.json', None, None),
    ('options/spx_chain_2010-09-17.csv', 'spx_chain_2010-09-17.csv', None, 'iso'),
    ('rates-credit/tbill_3m_dtb3_2000-2026.csv', 'tbill_3m_dtb3_2000-2026.csv', None, 'iso'),
    ('rates-credit/yields_spreads_daily_1990-2026.csv', 'yields_spreads_daily_2004-2026.csv', '2004-01-02', 'iso'),
    ('rates-credit/etf_total_return_indices_1999-2023.csv', 'etf_total_return_indices_2004-2023.csv', '2004-01-02', 'mdy'),
    ('volatility/vix_daily_1990-2026.csv', 'vix_daily_2004-2026.csv', '2004-01-02', 'iso'),
    ('capital-structure/reliance_equity_vol_debt_2011-2012.csv', 'reliance_equity_vol_debt_2011-2012.csv', None, 'iso'),
]


def iso_of(cell, fmt):
    cell = cell.strip().strip('"')
    if fmt == 'mdy':
        m, d, y = cell.split('/')
        return f'{int(y):04d}-{int(m):02d}-{int(d):02d}'
    return cell


for src, out, first, fmt in FILES:
    with open(os.path.join(SRC, src), 'rb') as f:
        data = f.read()
    if first is not None:
        lines = data.splitlines(keepends=True)
        kept = [lines[0]] + [ln for ln in lines[1:]
                             if iso_of(ln.decode('utf-8').split(',')[0], fmt) >= first]
        data = b''.join(kept)
    with open(os.path.join(OUT, out), 'wb') as f:
        f.write(data)
    print(f'{out}: {len(data):,} bytes')
