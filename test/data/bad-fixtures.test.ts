import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectAndRead, readInputFile } from '../../src/data/detect.js';
import { InputError } from '../../src/domain/errors.js';
import type { ReadOptions } from '../../src/data/types.js';
import { fixture } from './reference.js';

// Every malformed file in test/fixtures/bad/, read through detectAndRead under its own name,
// with the exact message the user sees (after "error: "). Rows are file lines, header = 1.
const CASES: [file: string, options: ReadOptions, message: string][] = [
  ['all-blank-prices.csv', {}, 'all-blank-prices.csv: expected at least one price column with a value'],
  ['binary.csv', {}, 'binary.csv:2:13: expected UTF-8 text (this looks like UTF-16 or a binary file)'],
  ['blank-lines-only.csv', {}, 'blank-lines-only.csv: expected a header line and data rows, got ""'],
  ['bom-only.csv', {}, 'bom-only.csv: expected a header line and data rows, got ""'],
  ['chain-csv-bad-type.csv', { underlying: 'SPX' }, 'chain-csv-bad-type.csv:3:type: expected c, p, call or put, got "x"'],
  ['chain-csv-negative-ask.csv', { underlying: 'SPX' }, 'chain-csv-negative-ask.csv:2:ask: expected an ask of 0 or more, got "-0.05"'],
  ['chain-csv-no-bid-column.csv', { underlying: 'SPX' }, 'chain-csv-no-bid-column.csv:1: expected a column named bid (option-chain CSV), got "quote_date,type,strike,underlying,price,ask,maturity"'],
  ['chain-csv-no-maturity.csv', { underlying: 'SPX' }, 'chain-csv-no-maturity.csv:1: expected a maturity (years) or expiry (date) column, got "quote_date,type,strike,underlying,bid,ask"'],
  ['chain-csv-two-prices.csv', { underlying: 'SPX' }, 'chain-csv-two-prices.csv:3:underlying: expected the same underlying price on every row (1125.59 on row 2), got "1126"'],
  ['chain-csv-two-quote-dates.csv', { underlying: 'SPX' }, 'chain-csv-two-quote-dates.csv:3:quote_date: expected the same quote date on every row (2010-09-17), got "2010-09-20"'],
  ['chain-empty-result.json', {}, 'chain-empty-result.json:optionChain.result: expected one result (the response holds none)'],
  ['chain-expired.json', {}, 'chain-expired.json:optionChain.result[0].options[0].calls[0].expiration: expected an expiry on or after the quote date 2016-09-06, got "2016-09-05"'],
  ['chain-invalid-json.json', {}, 'chain-invalid-json.json:2:31: expected valid JSON (a Yahoo v7 optionChain response), got "\\"quote\\": {}}"'],
  ['chain-missing-price.json', {}, 'chain-missing-price.json:optionChain.result[0].quote.regularMarketPrice: expected a positive price; the field is missing'],
  ['chain-negative-strike.json', {}, 'chain-negative-strike.json:optionChain.result[0].options[0].puts[3].strike: expected a positive strike, got "-95"'],
  ['chain-not-an-option-chain.json', {}, 'chain-not-an-option-chain.json:optionChain: expected the optionChain object of a Yahoo v7 response; the field is missing'],
  ['chain-string-bid.json', {}, 'chain-string-bid.json:optionChain.result[0].options[0].calls[5].bid: expected a bid of 0 or more, not a string, got "1.25"'],
  ['chain-truncated.json', {}, 'chain-truncated.json:2:5000: expected valid JSON (a Yahoo v7 optionChain response); the text ends before the document does'],
  ['chain-yahoo-error.json', {}, 'chain-yahoo-error.json:optionChain.error: expected a response without an error, got "No data found, symbol may be delisted"'],
  ['day-first-dates.csv', {}, 'day-first-dates.csv:3:Date: expected a date YYYY-MM-DD or M/D/YYYY (month first; day-first dates are ambiguous and not accepted), got "13/1/2020"'],
  ['duplicate-column.csv', {}, 'duplicate-column.csv:1:4: expected unique column names (column 2 is also named this), got "AAPL"'],
  ['duplicate-date.csv', {}, 'duplicate-date.csv:4:date: expected a date different from row 3\'s (duplicate date), got "2020-01-03"'],
  ['empty-column-name.csv', {}, 'empty-column-name.csv:1:2: expected a column name in every header cell, got ""'],
  ['empty.csv', {}, 'empty.csv: expected a header line and data rows, got ""'],
  ['fred-mixed-columns.csv', {}, 'fred-mixed-columns.csv:1: expected either only FRED rate series (DTB3, DGS10, DGS2, DAAA, DBAA, BAA10Y, DFF) or only prices in one file, got "date,SPY,DGS10"'],
  ['fred-non-numeric.csv', {}, 'fred-non-numeric.csv:3:DTB3: expected a rate in percent (a number), got "n/a"'],
  ['header-only.csv', {}, 'header-only.csv:1: expected at least one data row after the header'],
  ['hex-number.csv', {}, 'hex-number.csv:2:AAPL: expected a price (a number), got "0x1F"'],
  ['holdings-bad-currency.csv', {}, 'holdings-bad-currency.csv:2:currency: expected an ISO 4217 currency code such as USD (three capital letters), got "US$"'],
  ['holdings-bad-symbol.csv', {}, 'holdings-bad-symbol.csv:2:symbol: expected a ticker symbol (letters, digits and . - ^ = _ /, no spaces), got "AA PL"'],
  ['holdings-blank-quantity.csv', {}, 'holdings-blank-quantity.csv:2:quantity: expected a quantity (a non-zero number), got ""'],
  ['holdings-cash-cost-basis.csv', {}, 'holdings-cash-cost-basis.csv:3:cost_basis: expected no cost basis on the CASH row (its quantity is the amount), got "1"'],
  ['holdings-duplicate-symbol.csv', {}, 'holdings-duplicate-symbol.csv:4:symbol: expected each symbol on one row only (also on row 2), got "AAPL"'],
  ['holdings-empty.csv', {}, 'holdings-empty.csv:1: expected at least one data row after the header'],
  ['holdings-mixed-currency.csv', {}, 'holdings-mixed-currency.csv:3:currency: expected the same currency on every row (USD, as on row 2), got "EUR"'],
  ['holdings-negative-cost-basis.csv', {}, 'holdings-negative-cost-basis.csv:2:cost_basis: expected a cost basis (a positive price per unit), got "-150"'],
  ['holdings-no-quantity-column.csv', {}, 'holdings-no-quantity-column.csv:1: expected a quantity column (holdings: symbol,quantity[,cost_basis][,currency]), got "symbol,shares"'],
  ['holdings-no-symbol-column.csv', {}, 'holdings-no-symbol-column.csv:1: expected a symbol column (holdings: symbol,quantity[,cost_basis][,currency]), got "ticker,quantity"'],
  ['holdings-non-numeric-quantity.csv', {}, 'holdings-non-numeric-quantity.csv:2:quantity: expected a quantity (a non-zero number), got "ten"'],
  ['holdings-zero-quantity.csv', {}, 'holdings-zero-quantity.csv:2:quantity: expected a quantity (a non-zero number), got "0"'],
  ['impossible-date.csv', {}, 'impossible-date.csv:3:date: expected a real calendar date (YYYY-MM-DD), got "2021-02-29"'],
  ['missing-header.csv', {}, 'missing-header.csv:1: expected a header line naming the columns (e.g. date,AAPL), got "2020-01-02,1.5,2.5"'],
  ['mixed-date-formats.csv', {}, 'mixed-date-formats.csv:3:date: expected a date in the format of the first row (YYYY-MM-DD), got "1/3/2020"'],
  ['negative-stock-price.csv', {}, 'negative-stock-price.csv:3:AAPL: expected a positive price, got "-75.2"'],
  ['newest-first-broken.csv', { symbol: 'ES' }, 'newest-first-broken.csv:4:date: expected a date before 2020-01-03 (row 3): dates must run oldest-first, or newest-first throughout, got "2020-01-07"'],
  ['no-date-column.csv', {}, 'no-date-column.csv:1: expected a date column named "date" (any case) or "observation_date", got "day,AAPL"'],
  ['non-numeric-price.csv', {}, 'non-numeric-price.csv:3:AAPL: expected a price (a number), got "abc"'],
  ['number-overflow.csv', {}, 'number-overflow.csv:2:AAPL: expected a price (a number), within the range of a double, got "1e400"'],
  ['short-row.csv', {}, 'short-row.csv:3: expected 3 cells as in the header, got "2 cells"'],
  ['single_series_without_symbol.csv', {}, 'single_series_without_symbol.csv: expected a symbol for this single-series file: pass the symbol option (the file name does not name one)'],
  ['text-after-quote.csv', {}, 'text-after-quote.csv:2:2: expected a comma or the end of the line after a closing quote, got "x"'],
  ['thousands-separator.csv', {}, 'thousands-separator.csv:2:SPX: expected a price (a number) without thousands separators, got "3,257.85"'],
  ['trailing-comma.csv', {}, 'trailing-comma.csv:3: expected 2 cells as in the header, got "3 cells"'],
  ['unknown-date-format.csv', {}, 'unknown-date-format.csv:2:date: expected a date YYYY-MM-DD or M/D/YYYY, got "2020/01/02"'],
  ['unsorted-dates.csv', {}, 'unsorted-dates.csv:4:date: expected a date after 2020-01-06 (row 3): dates must run oldest-first, or newest-first throughout, got "2020-01-03"'],
  ['unterminated-quote.csv', {}, 'unterminated-quote.csv:2:2: expected a closing quote for the quoted cell that starts here'],
  ['zero-price.csv', {}, 'zero-price.csv:2:AAPL: expected a positive price, got "0"'],
];

describe('malformed input files (test/fixtures/bad)', () => {
  it.each(CASES)('%s', (file, options, message) => {
    const text = readFileSync(fixture(`bad/${file}`), 'utf8');
    let thrown: unknown;
    try {
      detectAndRead(text, file, options);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).message).toBe(message);
  });

  it('a UTF-16 file is refused by its byte-order mark', async () => {
    const path = fixture('bad/utf16.csv');
    await expect(readInputFile(path)).rejects.toThrow(new InputError({ file: path, expected: 'UTF-8 text (this file is UTF-16: save it as UTF-8 CSV)' }));
  });

  it('covers every fixture in the folder, at least 30', () => {
    const files = readdirSync(fixture('bad')).sort();
    expect(files).toEqual([...CASES.map(([f]) => f), 'utf16.csv'].sort());
    expect(files.length).toBeGreaterThanOrEqual(30);
  });
});
