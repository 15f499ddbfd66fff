// Public surface of @appconnector/protocol: what server and client must agree on. No runtime dependencies.

export { normalizeDateTime, parseBoolean } from './data-values.ts';
export type { ErrorCode, ErrorDefinition, Language, ProfitErrorBody, UnavailableBody } from './errors.ts';
export { CodedError, ERRORS, formatMessage } from './errors.ts';
export type { AndGroup, Condition, Filter } from './filter-ast.ts';
export { isEmptyFilter, NO_FILTER } from './filter-ast.ts';
export { parseFilterJson, renderFilterJson } from './filter-json.ts';
export type { FilterQueryParams } from './filter-query.ts';
export { parseFilterQuery, renderFilterQuery } from './filter-query.ts';
export type { SimpleFilterLists } from './filter-simple.ts';
export { parseSimpleFilter, renderSimpleFilter } from './filter-simple.ts';
export type { OAuthErrorBody, OAuthErrorCode } from './oauth-errors.ts';
export type { Operator, OperatorCode } from './operators.ts';
export {
  NEGATED_OPERATORS,
  OPERATORS,
  operatorCode,
  operatorFromCode,
  TEXT_PATTERN_OPERATORS,
  VALUELESS_OPERATORS,
} from './operators.ts';
export type { ProfitBehaviour, ProfitVersionChange } from './profit-versions.ts';
export {
  compareProfitVersions,
  PROFIT_VERSION_CHANGES,
  parseProfitVersion,
  profitBehaviour,
} from './profit-versions.ts';
export type { DecodedAuthorization, DecodeOptions } from './token.ts';
export { authorizationHeader, decodeAuthorization, normalizeToken, tokenData, tokenXml } from './token.ts';
export * from './wire.ts';
