// Where a client sends its calls: the official AFAS address of an environment, or a base URL given as is.
// Must not perform requests or know about tokens: the client core does that.

import { ENVIRONMENT_LETTERS, type EnvironmentType, HOST_LABELS } from '@appconnector/protocol';

/** The three ways to say where the environment lives. Exactly one of them must be used. */
export interface EnvironmentOptions {
  /** An environment name such as `O12345AA` (production), `T12345AA` (test), `A12345AA` (accept). */
  environment?: string;
  /** The customer's participant number (5 or 6 digits), used with `type`. */
  participant?: number | string;
  /** Environment type for `participant`; production when absent. */
  type?: EnvironmentType;
  /**
   * Any other server, e.g. `http://localhost:8080/ProfitRestServices`. With `{env}` in it, a template that the
   * `environment` name fills in, e.g. `http://localhost:8080/{env}/ProfitRestServices`: the environments of a local
   * appconnector server without DNS.
   */
  baseUrl?: string;
}

/** The placeholder of a base URL template. */
export const ENVIRONMENT_PLACEHOLDER = '{env}';

const PARTICIPANT = /^\d{5,6}$/;
const ENVIRONMENT_NAME = /^([A-Za-z])(\d{5,6})([A-Za-z]{2})?$/;

function typeFromLetter(letter: string): EnvironmentType | undefined {
  const upper = letter.toUpperCase();
  return (Object.keys(ENVIRONMENT_LETTERS) as EnvironmentType[]).find((type) => ENVIRONMENT_LETTERS[type] === upper);
}

/** The official base URL of an environment type and participant number. */
export function officialBaseUrl(participant: number | string, type: EnvironmentType = 'production'): string {
  const digits = String(participant).trim();
  if (!PARTICIPANT.test(digits)) {
    throw new TypeError(`participant must be a 5 or 6 digit number, got '${participant}'`);
  }
  const label = HOST_LABELS[type];
  if (label === undefined) throw new TypeError(`unknown environment type '${type}'`);
  return `https://${digits}.${label}.afas.online/ProfitRestServices`;
}

/** Resolves the options into one base URL without a trailing slash; refuses ambiguous or incomplete options. */
export function resolveBaseUrl(options: EnvironmentOptions): string {
  if (options.baseUrl?.includes(ENVIRONMENT_PLACEHOLDER)) {
    if (options.environment === undefined || options.participant !== undefined) {
      throw new TypeError(`a baseUrl with ${ENVIRONMENT_PLACEHOLDER} needs an environment name (and no participant)`);
    }
    const { name } = environmentName(options.environment, options.type);
    return resolveBaseUrl({ baseUrl: options.baseUrl.replaceAll(ENVIRONMENT_PLACEHOLDER, name) });
  }
  const given = [options.environment, options.participant, options.baseUrl].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new TypeError('give exactly one of environment, participant (with type) or baseUrl');
  }
  if (options.baseUrl !== undefined) {
    // Parsing checks the URL early; the text itself is kept so that the path keeps the casing the user chose.
    new URL(options.baseUrl);
    return options.baseUrl.replace(/\/+$/, '');
  }
  if (options.participant !== undefined) return officialBaseUrl(options.participant, options.type);
  const { participant, type } = environmentName(options.environment!, options.type);
  return officialBaseUrl(participant, type);
}

/** An environment name checked and in capitals (`t12345aa` -> `T12345AA`); the type must match its letter. */
function environmentName(
  environment: string,
  expected: EnvironmentType | undefined,
): { name: string; participant: string; type: EnvironmentType } {
  const match = ENVIRONMENT_NAME.exec(environment.trim());
  const type = match ? typeFromLetter(match[1]!) : undefined;
  if (!match || !type) {
    throw new TypeError(`environment must look like O12345AA, T12345AA, A12345AA or C12345AA, got '${environment}'`);
  }
  if (expected !== undefined && expected !== type) {
    throw new TypeError(`environment '${environment}' is of type ${type}, not ${expected}`);
  }
  return { name: environment.trim().toUpperCase(), participant: match[2]!, type };
}

/** One path segment, percent-encoded (ids may hold characters that are special in a URL). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}
