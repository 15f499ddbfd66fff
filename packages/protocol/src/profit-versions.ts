// What changes on the wire between Profit versions: one table, each entry "from version X: this behaviour", and the
// behaviour of a version string. Data and version arithmetic only; the server renders and authenticates by it.

/** How a version behaves on the wire. Each member is changed by entries of PROFIT_VERSION_CHANGES. */
export interface ProfitBehaviour {
  /**
   * Decimal fields of GetConnector answers: `bare` writes fractions below one without the leading zero (`.5`, `-.5`;
   * not valid JSON), `json` as JSON does (`0.5`, `-0.5`). Integers, `0` and `1.5` are the same in both.
   */
  decimals: 'bare' | 'json';
  /**
   * The head of a GetConnector answer: `lines` puts `skip` and `take` on lines of their own
   * (`{\r\n"skip":0,\r\n"take":100,\r\n"rows":[...]}`), `compact` writes one line (`{"skip":0,"take":100,"rows":[...]}`).
   */
  pageLayout: 'lines' | 'compact';
  /** `AfasToken` credentials: `base64OrXml` also takes the raw `<token>...</token>` XML, `base64` refuses it. */
  tokens: 'base64OrXml' | 'base64';
}

/** The behaviour of the oldest version this project emulates: everything before the first entry below. */
const OLDEST: ProfitBehaviour = { decimals: 'bare', pageLayout: 'lines', tokens: 'base64OrXml' };

export interface ProfitVersionChange {
  /** The first version (`x.y.z`) that behaves so. */
  from: string;
  change: Partial<ProfitBehaviour>;
  /** What AFAS documents, in a few words. */
  note: string;
}

/**
 * Every documented change, oldest first. A new version's change is one more entry; a version gets OLDEST with every
 * entry whose `from` is at or below it applied in order.
 */
export const PROFIT_VERSION_CHANGES: readonly ProfitVersionChange[] = [
  {
    from: '7.0.0',
    change: { decimals: 'json', pageLayout: 'compact' },
    note: 'GetConnector results formatted as JSON: -0.5 instead of -.5, skip and take on the one line',
  },
  {
    from: '7.0.0',
    change: { tokens: 'base64' },
    note: 'a token that is not base64-encoded is an error',
  },
];

const VERSION = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})$/;

/** `8.2.0` -> [8, 2, 0]; undefined unless it is three dot-separated whole numbers. */
export function parseProfitVersion(text: string): [number, number, number] | undefined {
  const match = VERSION.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Negative, zero or positive as `a` is below, equal to or above `b`, compared number by number (9.0.0 < 10.0.0). */
export function compareProfitVersions(a: string, b: string): number {
  const x = parseProfitVersion(a);
  const y = parseProfitVersion(b);
  if (!x || !y) throw new RangeError(`not a Profit version (x.y.z): '${x ? b : a}'`);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

function behaviourOf(version: string): ProfitBehaviour {
  // A stored version that is not x.y.z (refused on the way in, but a database may hold anything) behaves as the
  // newest: that is what every version of this server did before versions had behaviour.
  const known = parseProfitVersion(version) !== undefined;
  let behaviour = OLDEST;
  for (const entry of PROFIT_VERSION_CHANGES) {
    if (!known || compareProfitVersions(entry.from, version) <= 0) behaviour = { ...behaviour, ...entry.change };
  }
  return Object.freeze(behaviour);
}

/** Behaviours by version string: a request asks with its environment's version, so it must cost one lookup. */
const cache = new Map<string, ProfitBehaviour>();

/** How an environment of this Profit version behaves on the wire. */
export function profitBehaviour(version: string): ProfitBehaviour {
  let behaviour = cache.get(version);
  if (!behaviour) {
    if (cache.size >= 1000) cache.clear();
    behaviour = behaviourOf(version);
    cache.set(version, behaviour);
  }
  return behaviour;
}
