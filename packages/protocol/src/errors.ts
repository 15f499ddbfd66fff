// The error catalogue: every error the server can answer, with a stable code, HTTP status, AFAS errorNumber and
// message templates (en, nl). The server throws these; the client recognises them. No HTTP or I/O here.

export type Language = 'en' | 'nl';

export interface ErrorDefinition {
  status: number;
  /** AFAS's negative 32-bit error number. */
  errorNumber: number;
  /** Templates: `{name}` is replaced by the parameter of that name. */
  en: string;
  nl: string;
}

const UNEXPECTED_NUMBER = -2147180999;
const CONNECTOR_NUMBER = -2147220469;
const VALIDATION_NUMBER = -2147024809;
const AUTH_NUMBER = -2147024891;

function def(status: number, errorNumber: number, en: string, nl: string): ErrorDefinition {
  return { status, errorNumber, en, nl };
}

/** Grouped by the layer that raises them: transport, auth, read plan, write plan, files. */
export const ERRORS = {
  // transport: the URL, the body, the server itself
  unexpected: def(
    500,
    UNEXPECTED_NUMBER,
    'An unexpected error has occurred.',
    'Er is een onverwachte fout opgetreden.',
  ),
  notFound: def(404, -2147024894, 'The requested resource does not exist.', 'De opgevraagde resource bestaat niet.'),
  queryTooLong: def(
    404,
    -2147024894,
    'The query string is longer than {max} characters.',
    'De querystring is langer dan {max} tekens.',
  ),
  bodyTooLarge: def(
    413,
    -2147024882,
    'The request body is larger than {max} bytes.',
    'De inhoud van het verzoek is groter dan {max} bytes.',
  ),
  badRequest: def(400, -2147024809, 'Bad request: {detail}', 'Ongeldig verzoek: {detail}'),
  urlCharacter: def(
    400,
    -2147024809,
    'The URL contains {character}, which no resource name or value may contain.',
    'De URL bevat {character}, dat geen resourcenaam of waarde mag bevatten.',
  ),
  urlTooLong: def(404, -2147024894, 'The URL is longer than {max} characters.', 'De URL is langer dan {max} tekens.'),
  headersTooLarge: def(
    431,
    -2147024809,
    'The request headers are larger than {max} bytes.',
    'De headers van het verzoek zijn groter dan {max} bytes.',
  ),
  requestTimeout: def(
    408,
    -2147024809,
    'The request was not received in time.',
    'Het verzoek is niet op tijd ontvangen.',
  ),
  invalidJson: def(400, -2147024809, 'Invalid json: {detail}', 'Ongeldige json: {detail}'),
  missingElement: def(400, -2147024809, 'Missing element: {detail}', 'Ontbrekend element: {detail}'),
  methodNotAllowed: def(
    404,
    -2147024894,
    'The method {method} is not supported here.',
    'De methode {method} wordt hier niet ondersteund.',
  ),
  unavailable: def(
    503,
    -2147023174,
    'The service is unavailable: {detail}',
    'De service is niet beschikbaar: {detail}',
  ),

  // auth: who is calling
  authMissing: def(
    401,
    AUTH_NUMBER,
    'No Authorization header: send "Authorization: AfasToken <base64 of the token XML>".',
    'Geen Authorization-header: stuur "Authorization: AfasToken <base64 van de token-XML>".',
  ),
  authScheme: def(
    401,
    AUTH_NUMBER,
    'The Authorization header must use the AfasToken scheme.',
    'De Authorization-header moet het schema AfasToken gebruiken.',
  ),
  authNotBase64: def(
    401,
    AUTH_NUMBER,
    'The token is not base64-encoded: encode the whole token XML, tags included.',
    'Het token is niet base64-gecodeerd: codeer de hele token-XML, inclusief tags.',
  ),
  authMalformed: def(
    401,
    AUTH_NUMBER,
    'The token is not of the form <token><version>1</version><data>64 hex characters</data></token>.',
    'Het token heeft niet de vorm <token><version>1</version><data>64 hexadecimale tekens</data></token>.',
  ),
  authUnknown: def(
    401,
    AUTH_NUMBER,
    'The token is not known in this environment.',
    'Het token is onbekend in deze omgeving.',
  ),
  authExpired: def(401, AUTH_NUMBER, 'The token has expired.', 'Het token is verlopen.'),
  authRevoked: def(401, AUTH_NUMBER, 'The token has been revoked.', 'Het token is ingetrokken.'),
  authIpNotAllowed: def(
    403,
    AUTH_NUMBER,
    'The App Connector does not allow calls from IP address {ip}.',
    'De App Connector staat geen aanroepen toe vanaf IP-adres {ip}.',
  ),
  // OAuth 2 (PROTOCOL.md 2): the server adds the RFC 6750 / RFC 9449 challenge in WWW-Authenticate.
  oauthInvalidToken: def(
    401,
    AUTH_NUMBER,
    'The access token is not valid: {detail}',
    'Het access token is ongeldig: {detail}',
  ),
  oauthDpop: def(401, AUTH_NUMBER, 'The DPoP proof is not valid: {detail}', 'Het DPoP-bewijs is ongeldig: {detail}'),
  classicNotAllowed: def(
    401,
    AUTH_NUMBER,
    'App Connector {appConnector} accepts OAuth 2 only: get an access token at /ProfitRestServices/oauth/token and send "Authorization: Bearer <access token>".',
    'App Connector {appConnector} accepteert alleen OAuth 2: haal een access token op bij /ProfitRestServices/oauth/token en stuur "Authorization: Bearer <access token>".',
  ),
  classicExpired: def(
    401,
    AUTH_NUMBER,
    'Classic tokens made before {date} expired on {date}: move this integration to OAuth 2 (classic tokens stop on {stop}).',
    'Klassieke tokens van vóór {date} zijn op {date} verlopen: zet deze koppeling over op OAuth 2 (klassieke tokens stoppen op {stop}).',
  ),
  classicStopped: def(
    401,
    AUTH_NUMBER,
    'Classic tokens stopped working on {date}: move this integration to OAuth 2 (/ProfitRestServices/oauth/token).',
    'Klassieke tokens werken niet meer sinds {date}: zet deze koppeling over op OAuth 2 (/ProfitRestServices/oauth/token).',
  ),
  unknownEnvironment: def(
    404,
    -2147024894,
    'There is no environment for host {host}.',
    'Er is geen omgeving voor host {host}.',
  ),

  // read: GetConnectors
  getNotSupported: def(
    500,
    CONNECTOR_NUMBER,
    'GetConnector not supported for this app or the user is not authorized',
    'GetConnector wordt niet ondersteund voor deze app of de gebruiker is niet geautoriseerd',
  ),
  getBlocked: def(
    500,
    CONNECTOR_NUMBER,
    'This GetConnector (definition) is blocked',
    'Deze GetConnector (definitie) is geblokkeerd',
  ),
  fieldNotFound: def(
    500,
    CONNECTOR_NUMBER,
    "Connector field '{field}' not found",
    "Connectorveld '{field}' niet gevonden",
  ),
  filterValueInvalid: def(
    500,
    CONNECTOR_NUMBER,
    "The value '{value}' for field '{field}' is not a valid {type}.",
    "De waarde '{value}' voor veld '{field}' is geen geldige {type}.",
  ),
  filterValueCharacter: def(
    500,
    CONNECTOR_NUMBER,
    "The value '{value}' for field '{field}' contains {character}, which no stored value contains.",
    "De waarde '{value}' voor veld '{field}' bevat {character}, dat geen opgeslagen waarde bevat.",
  ),
  filterListsUnequal: def(
    500,
    CONNECTOR_NUMBER,
    'filterfieldids, filtervalues and operatortypes must have the same number of items ({detail}).',
    'filterfieldids, filtervalues en operatortypes moeten evenveel items hebben ({detail}).',
  ),
  filterOperatorInvalid: def(
    500,
    CONNECTOR_NUMBER,
    "Operator type '{operator}' for field '{field}' is not valid.",
    "Operatortype '{operator}' voor veld '{field}' is ongeldig.",
  ),
  filterOperatorType: def(
    500,
    CONNECTOR_NUMBER,
    "Operator '{operator}' cannot be used on field '{field}' of type {type}.",
    "Operator '{operator}' kan niet worden gebruikt op veld '{field}' van type {type}.",
  ),
  filterJsonInvalid: def(
    500,
    CONNECTOR_NUMBER,
    'filterjson is not valid: {detail}',
    'filterjson is ongeldig: {detail}',
  ),
  pagingInvalid: def(
    500,
    UNEXPECTED_NUMBER,
    'An unexpected error has occurred.',
    'Er is een onverwachte fout opgetreden.',
  ),

  // write: UpdateConnectors
  updateNotSupported: def(
    500,
    CONNECTOR_NUMBER,
    'General message: This UpdateConnector is not supported or the user is not authorized.',
    'General message: Deze UpdateConnector wordt niet ondersteund of de gebruiker is niet geautoriseerd.',
  ),
  validation: def(500, VALIDATION_NUMBER, '{message}', '{message}'),
  mandatory: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': field '{field}' is mandatory.",
    "Object '{object}': veld '{field}' is verplicht.",
  ),
  valueInvalid: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': the value '{value}' for field '{field}' is not a valid {type}.",
    "Object '{object}': de waarde '{value}' voor veld '{field}' is geen geldige {type}.",
  ),
  valueTooLong: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': the value '{value}' for field '{field}' is longer than {length} characters.",
    "Object '{object}': de waarde '{value}' voor veld '{field}' is langer dan {length} tekens.",
  ),
  valueCharacter: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': the value '{value}' for field '{field}' contains {character}, which cannot be stored.",
    "Object '{object}': de waarde '{value}' voor veld '{field}' bevat {character}, dat niet kan worden opgeslagen.",
  ),
  nestedTooDeep: def(
    500,
    VALIDATION_NUMBER,
    'Objects are nested deeper than {max} levels; no UpdateConnector nests deeper.',
    'Objecten zijn dieper genest dan {max} niveaus; geen UpdateConnector is dieper genest.',
  ),
  valueNotInCodeTable: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': the value '{value}' for field '{field}' is not in the code table.",
    "Object '{object}': de waarde '{value}' voor veld '{field}' komt niet voor in de codetabel.",
  ),
  valueZero: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': field '{field}' may not be zero.",
    "Object '{object}': veld '{field}' mag niet nul zijn.",
  ),
  referenceMissing: def(
    500,
    VALIDATION_NUMBER,
    "The entered value for '{field}' does not exist.",
    "De ingevoerde waarde voor '{field}' bestaat niet.",
  ),
  recordMissing: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': no record with {key}.",
    "Object '{object}': geen record met {key}.",
  ),
  recordExists: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': a record with {key} already exists.",
    "Object '{object}': er bestaat al een record met {key}.",
  ),
  unknownField: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}': field '{field}' does not exist.",
    "Object '{object}': veld '{field}' bestaat niet.",
  ),
  unknownObject: def(
    500,
    VALIDATION_NUMBER,
    "Object '{object}' does not exist in UpdateConnector '{connector}'.",
    "Object '{object}' bestaat niet in UpdateConnector '{connector}'.",
  ),

  // files
  fileNotFound: def(
    404,
    -2147024894,
    'The file does not exist or you have no rights to it.',
    'Het bestand bestaat niet of u heeft er geen rechten op.',
  ),
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** A parameter longer than this is shortened: a message never echoes a whole body, whatever a caller sends. */
export const MAX_PARAMETER_LENGTH = 1000;

function parameterText(value: string | number): string {
  const text = String(value);
  return text.length > MAX_PARAMETER_LENGTH ? `${text.slice(0, MAX_PARAMETER_LENGTH)}...` : text;
}

/** Fills a template's `{name}` placeholders; unknown names stay visible so a missing parameter is noticed. */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? parameterText(params[name]!) : whole,
  );
}

/** The body of every error answer except 503 (PROTOCOL.md section 6), keys in this order. */
export interface ProfitErrorBody {
  externalMessage: string;
  errorNumber: number;
  profitLogReference: string;
}

/** The 503 body, for maintenance or overload. */
export interface UnavailableBody {
  error: { code: string; message: string };
  retry_after: number;
}

/**
 * The error every stage throws: a catalogue code plus the parameters of its message.
 * One boundary (the server's error handler) turns it into the wire shape; nothing else formats errors.
 */
export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    super(formatMessage(ERRORS[code].en, params), options);
    this.name = 'CodedError';
    this.code = code;
    this.params = params;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  localized(language: Language): string {
    return formatMessage(ERRORS[this.code][language], this.params);
  }
}
