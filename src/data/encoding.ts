import { isUtf8 } from 'node:buffer';
import { InputError } from '../domain/errors.js';

/** A file's bytes as text. UTF-8 (with or without a byte-order mark) and UTF-16 with a
 *  byte-order mark (Excel's "Unicode text") are decoded; everything else is refused with what it
 *  looks like: UTF-16 without a byte-order mark (LE or BE, from the pattern of its NUL bytes), a
 *  binary file (control bytes), or an 8-bit encoding such as Latin-1 / Windows-1252 (bytes that
 *  are not UTF-8). Latin-1 is never decoded: which 8-bit code page it is cannot be known. */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'LE', file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'BE', file);
  const order = utf16WithoutBom(bytes);
  if (order !== undefined) {
    throw new InputError({ file, expected: `UTF-8 text, or UTF-16 with a byte-order mark (this looks like UTF-16 ${order} without one: save it as UTF-8)` });
  }
  // Native check first: a valid file (nearly every file) is not walked byte by byte in JavaScript.
  // Control characters in valid UTF-8 are refused later, by checkedText, with the same message.
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const control = firstControlByte(bytes);
  if (control >= 0) {
    const { line, column } = position(bytes, control);
    throw new InputError({ file, row: line, column, expected: `text (this looks like a binary file: byte 0x${hex(bytes[control] as number)})` });
  }
  const bad = firstInvalidUtf8(bytes);
  const { line, column } = position(bytes, bad);
  throw new InputError({
    file, row: line, column,
    expected: `UTF-8 text (byte 0x${hex(bytes[bad] as number)} is not UTF-8: this looks like Latin-1 or Windows-1252; save the file as UTF-8)`,
  });
}

function decodeUtf16(bytes: Uint8Array, order: 'LE' | 'BE', file: string): string {
  if (bytes.length % 2 !== 0) {
    throw new InputError({ file, expected: `UTF-16 ${order} text of whole characters (the file ends in half a character: it was cut short)`, value: `${bytes.length} bytes` });
  }
  try {
    // ignoreBOM keeps the mark in the text, where checkedText drops it as for UTF-8.
    return new TextDecoder(order === 'LE' ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError({ file, expected: `UTF-16 ${order} text (it holds an unpaired surrogate: the file is damaged or not UTF-16)` });
  }
}

/** 'LE' / 'BE' when the first bytes have NULs at every odd / even position and nowhere else, as
 *  ASCII text in UTF-16 has; at least 4 bytes. */
function utf16WithoutBom(bytes: Uint8Array): 'LE' | 'BE' | undefined {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  if (odd === n / 2 && even === 0) return 'LE';
  if (even === n / 2 && odd === 0) return 'BE';
  return undefined;
}

/** Offset of the first byte below 0x20 other than tab, LF and CR (or 0x7F), or −1. */
function firstControlByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return i;
  }
  return -1;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
 *  no overlong forms, no surrogates, nothing above U+10FFFF); only called on bytes `isUtf8`
 *  refused. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return n;
}

/** 1-based line and column (in bytes) of a byte offset. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
