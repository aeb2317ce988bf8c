"""Writes the corpus files that are not UTF-8 text (encodings, binary garbage), byte for byte.
Run from the repository root: /usr/bin/python3 test/bad-inputs/importers/make-binary.py
Deterministic: the random bytes come from a fixed seed. Their cases are in cases.json."""
import gzip
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
PRICES = 'date,AAPL\n2020-01-02,75.09\n2020-01-03,abc\n'


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


# UTF-16 without a byte-order mark: refused, naming the byte order found.
write('enc-utf16le-no-bom.csv', PRICES.encode('utf-16-le'))
write('enc-utf16be-no-bom.csv', PRICES.encode('utf-16-be'))
# UTF-16 with a byte-order mark: decoded, so the error is the content's own (row 3, "abc").
write('enc-utf16le-bom-bad-price.csv', b'\xff\xfe' + PRICES.encode('utf-16-le'))
write('enc-utf16be-bom-bad-price.csv', b'\xfe\xff' + PRICES.encode('utf-16-be'))
write('enc-utf16le-bom-crlf-bad-date.csv', b'\xff\xfe' + 'Date,Price\r\n2020-01-02,1\r\n2020-13-01,2\r\n'.encode('utf-16-le'))
write('enc-utf16le-bom-holdings-zero.csv', b'\xff\xfe' + 'symbol,quantity\r\nAAPL,0\r\n'.encode('utf-16-le'))
write('enc-utf16be-bom-truncated-chain.json', b'\xfe\xff' + '{"optionChain": {"result": [{"quote"'.encode('utf-16-be'))
# Cut in the middle of a character; an unpaired surrogate.
write('enc-utf16le-bom-odd-length.csv', (b'\xff\xfe' + PRICES.encode('utf-16-le'))[:-1])
write('enc-utf16le-bom-lone-surrogate.csv', b'\xff\xfe' + 'date,A\n'.encode('utf-16-le') + b'\x00\xd8' + '\n'.encode('utf-16-le'))
# 8-bit encodings: refused at the first byte that is not UTF-8.
write('enc-latin1-symbol.csv', 'symbol,quantity\nAAPL,10\nSOCIÉTÉ,5\n'.encode('latin-1'))
write('enc-latin1-header.csv', 'date,Café\n2020-01-02,1\n'.encode('latin-1'))
write('enc-cp1252-euro.csv', 'symbol,quantity,cost_basis\nSAP,10,€120\n'.encode('cp1252'))
write('enc-latin1-after-bom.csv', b'\xef\xbb\xbf' + 'date,A\n2020-01-02,1\n# prix en \xa3\n'.encode('latin-1'))
write('enc-utf8-overlong.csv', b'date,A\n2020-01-02,1\xc0\xaf\n')
write('enc-utf8-surrogate.csv', b'date,A\n2020-01-02,\xed\xa0\x80\n')
write('enc-utf8-truncated-sequence.csv', b'date,A\n2020-01-02,1 \xe2\x82')
# UTF-8 with a byte-order mark is read: the error names the column without the mark.
write('enc-utf8-bom-bad-price.csv', b'\xef\xbb\xbf' + PRICES.encode('utf-8'))
# Binary files under a data file's name.
write('bin-png.csv', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10')
write('bin-gzip.csv', gzip.compress(PRICES.encode(), mtime=0))
write('bin-xlsx.csv', b'PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml')
write('bin-pdf.csv', b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x0c\n')
write('bin-random.csv', random.Random(20261125).randbytes(512))
write('bin-nul-inside.csv', b'date,A\n2020-01-02,1\n2020-01-03,\x002\n')
write('bin-form-feed.csv', b'date,A\n2020-01-02,1\x0c\n')
write('bin-escape.csv', b'symbol,quantity\nAAPL,\x1b[31m10\n')
