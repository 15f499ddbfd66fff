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
  /** Any other server, e.g. `http://localhost:8080/ProfitRestServices`. */
  baseUrl?: string;
}

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
  const match = ENVIRONMENT_NAME.exec(options.environment!.trim());
  const type = match ? typeFromLetter(match[1]!) : undefined;
  if (!match || !type) {
    throw new TypeError(
      `environment must look like O12345AA, T12345AA, A12345AA or C12345AA, got '${options.environment}'`,
    );
  }
  if (options.type !== undefined && options.type !== type) {
    throw new TypeError(`environment '${options.environment}' is of type ${type}, not ${options.type}`);
  }
  return officialBaseUrl(match[2]!, type);
}

/** One path segment, percent-encoded (ids may hold characters that are special in a URL). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}
