// Says where a JSON text breaks (line, column, position) and why, for the 400 answer to an unparsable body.
// Only run after JSON.parse failed (whose messages do not always give a position); it never builds values.

export interface JsonSyntaxError {
  /** 0-based offset in the text. */
  position: number;
  /** 1-based. */
  line: number;
  column: number;
  reason: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function describe(char: string | undefined): string {
  if (char === undefined) return 'end of input';
  return char.charCodeAt(0) < 32
    ? `control character U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`
    : `'${char}'`;
}

function scan(text: string): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const expect = (what: string): never => {
    throw new Stop(i, `expected ${what} but found ${describe(text[i])}`);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else expect('a value');
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Stop(i, 'unterminated string');
      if (c === '"') {
        i++;
        return;
      }
      if (c.charCodeAt(0) < 32) throw new Stop(i, `${describe(c)} inside a string (escape it)`);
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Stop(i, 'bad \\u escape (needs 4 hex digits)');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new Stop(i, `bad escape \\${e ?? ''}`);
        i += 2;
        continue;
      }
      i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '' || match[0] === '-') expect('a value');
    i += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 1000) throw new Stop(i, 'nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') expect('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') expect("':'");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        expect("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        expect("',' or ']'");
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else expect('a value');
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte order mark is tolerated, as JSON.parse callers strip it
  value(0);
  ws();
  if (i < text.length) throw new Stop(i, `unexpected ${describe(text[i])} after the end of the JSON value`);
}

/** Where and why the text is not JSON; undefined when it is. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  try {
    scan(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    // Counted in place: a copy (or a split into lines) of a 75 MB body would cost more than the answer is worth.
    let line = 1;
    let lineStart = 0;
    for (let at = text.indexOf('\n'); at !== -1 && at < error.at; at = text.indexOf('\n', at + 1)) {
      line++;
      lineStart = at + 1;
    }
    const column = error.at - lineStart + 1;
    return { position: error.at, line, column, reason: error.reason };
  }
}
