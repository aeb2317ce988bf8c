/** Where JSON text stops being JSON (RFC 8259), found by a scan of our own: JSON.parse's messages
 *  differ between engine versions and some give no position ("Unexpected token 'N', … is not
 *  valid JSON"). Only called after JSON.parse has failed. Iterative, so any depth of nesting is
 *  fine. Returns the offset of the first character that cannot continue the document, the
 *  text's length when the document is cut short, or −1 if the whole text is valid. */
export function jsonErrorOffset(s: string): number {
  const n = s.length;
  let i = 0;
  /** Open containers, innermost last: true = object, false = array. */
  const open: boolean[] = [];
  const skipBlanks = (): void => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      const e = s[i + 1];
      if (e === undefined) i = n;
      else if ('"\\/bfnrt'.includes(e)) i += 2;
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) i += 6;
      else if (e === 'u' && i + 6 > n && /^[0-9a-fA-F]*$/.test(s.slice(i + 2))) i = n;
      else return false;
    }
    return false;
  };
  /** A member's name and colon; false with `i` at the fault. */
  const key = (): boolean => {
    skipBlanks();
    if (s[i] !== '"' || !string()) return false;
    skipBlanks();
    if (s[i] !== ':') return false;
    i++;
    return true;
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (;;) {
    skipBlanks();
    if (i >= n) return n;
    const c = s[i] as string;
    if (c === '{' || c === '[') {
      i++;
      skipBlanks();
      if (s[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c === '{');
        if (c === '{' && !key()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      const have = s.slice(i, i + word.length);
      if (have !== word) return word.startsWith(have) && i + have.length === n ? n : i;
      i += word.length;
    } else {
      number.lastIndex = i;
      if (number.exec(s) === null) return s.slice(i) === '-' ? n : i;
      i = number.lastIndex;
      // A number cut short ("107." or "1e-" at the end) is a document that ends early.
      if (/^(?:\.\d*|[eE][+-]?\d*)$/.test(s.slice(i, i + 32)) && i + 32 > n) return n;
      if (i === n && open.length > 0) return n;
    }
    // After a value: a comma, the close of the innermost container, or the end of the text.
    for (;;) {
      skipBlanks();
      if (open.length === 0) return i < n ? i : -1;
      if (i >= n) return n;
      const inObject = open[open.length - 1] as boolean;
      const ch = s[i];
      if (ch === ',') {
        i++;
        if (inObject && !key()) return i;
        break;
      }
      if (ch !== (inObject ? '}' : ']')) return i;
      i++;
      open.pop();
    }
  }
}

/** A short rendering of a parsed JSON value for a message: JSON for small values, never more
 *  than `max` characters, without walking (or overflowing the stack on) a huge or deep value. */
export function jsonPreview(v: unknown, max = 60): string {
  let out = '';
  const put = (x: unknown, depth: number): void => {
    if (out.length > max) return;
    if (Array.isArray(x)) {
      if (depth > 3) {
        out += '[…]';
        return;
      }
      out += '[';
      x.forEach((e, k) => {
        if (out.length > max) return;
        if (k > 0) out += ',';
        put(e, depth + 1);
      });
      out += ']';
    } else if (typeof x === 'object' && x !== null) {
      if (depth > 3) {
        out += '{…}';
        return;
      }
      out += '{';
      Object.entries(x).forEach(([k, e], j) => {
        if (out.length > max) return;
        out += `${j > 0 ? ',' : ''}${JSON.stringify(k)}:`;
        put(e, depth + 1);
      });
      out += '}';
    } else out += JSON.stringify(x) ?? String(x);
  };
  put(v, 0);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/** The deepest nesting of arrays and objects accepted in a request body or a config file. Their
 *  own documents go four deep (`options.shocks[i].moves`); a deeper one is refused before anything
 *  walks it recursively (a schema, the echo of a wrong value), which would overflow the stack
 *  thousands of levels down. */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests brackets at most `limit` deep (brackets inside strings do not count):
 *  one pass over the characters, no recursion. */
export function nestedAtMost(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return false;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return true;
}
