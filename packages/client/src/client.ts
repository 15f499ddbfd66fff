// AfasClient: configuration, the request core (headers, timeout, abort, retries, errors) and the API's resources.
// Must not hold connector-specific logic or Node-only APIs: it runs in browsers too, on global or injected fetch.

import {
  type FileResponse,
  type GetMetainfo,
  type GetResponse,
  type MetainfoList,
  normalizeToken,
  type ProfitVersion,
  type Row,
  type RowValue,
  renderFilterQuery,
  type UpdateMetainfo,
  type UpdateResults,
} from '@appconnector/protocol';
import { type Auth, type AuthCall, classicToken } from './auth.ts';
import { ChangeFeed, type ChangesOptions } from './changes.ts';
import { type DeleteTarget, deletePath } from './delete-url.ts';
import { AfasError, ConnectionError, errorFromResponse, TimeoutError } from './errors.ts';
import { type FilterInput, resolveFilter } from './filter-builder.ts';
import {
  type OrderBy,
  type PageFetcher,
  type PageRequest,
  pageRows,
  pagesOf,
  type RowsOptions,
  renderOrderBy,
} from './paging.ts';
import type { UpdatePayload } from './payload-builder.ts';
import { validatePayload } from './payload-validator.ts';
import { parseProfitJson } from './profit-json.ts';
import { type RawPage, type RawRow, splitPage } from './raw-rows.ts';
import { isRetryable, type RetryOptions, type RetryPolicy, resolveRetryPolicy, retryDelay } from './retry.ts';
import { type EnvironmentOptions, resolveBaseUrl, segment } from './urls.ts';

/** The part of `fetch` the client uses; inject one to reach a server in-process or to script answers in tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** How calls authenticate: a classic token, or an Auth (OAuth 2, or your own); one of the two. */
export type ClientCredentials =
  | {
      /** A classic token: its XML, its bare 64-hex data, or the base64 of the XML. */
      token: string;
      auth?: undefined;
    }
  | {
      /** OAuth 2 (`OAuthClient.clientCredentialsAuth()`, `userAuth()`), `classicToken(...)`, or an Auth of your own. */
      auth: Auth;
      token?: undefined;
    };

export type ClientOptions = ClientSettings & ClientCredentials;

/** Everything a client is given besides its credentials. */
export interface ClientSettings extends EnvironmentOptions, RetryOptions {
  /** `<subscription>_<project>`, sent as the `IntegrationId` header as AFAS partners must. */
  integrationId?: string;
  /** `Accept-Language`: `nl-nl`, `en-us`, `nl-be`, `fr-fr`, `de-de`; labels and messages follow it. */
  language?: string;
  fetch?: FetchLike;
  /** Milliseconds for one attempt, the body included. Default 600000: AFAS itself cuts calls off at 900 s. */
  timeout?: number;
  /** How retries wait; replaceable so that tests need not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Milliseconds for one attempt; overrides the client's. */
  timeout?: number;
  maxRetries?: number;
}

export interface WriteOptions extends RequestOptions {
  /** Retry this write on 503, 429, connection errors and timeouts (off by default: a retry may write twice). */
  retryWrites?: boolean;
  /**
   * Check the payload against `metainfo/update` before sending: `true` fetches it once per connector and keeps it,
   * or give the metainfo yourself.
   */
  validate?: boolean | UpdateMetainfo;
}

export interface InsertOptions extends WriteOptions {
  /** `POST /connectors/{id}/{subObject}`: update the main record and insert a record of this sub-object. */
  subObject?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest extends RequestOptions {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`, segments already encoded. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  retryWrites?: boolean;
}

/** Field ids of a row type, for typed filters and sort orders. */
export type FieldOf<R> = Extract<keyof R, string>;

/**
 * The connector ids a client takes: any text without generated types, else exactly the generated ones (so a
 * mistyped id does not compile).
 */
export type ConnectorIdOf<M extends object> = [keyof M] extends [never] ? string : Extract<keyof M, string>;

/** Any text where no generated types say better (the untyped overloads), else nothing. */
type Untyped<M extends object> = [keyof M] extends [never] ? string : never;

/** The payload of an UpdateConnector for a verb: generated maps give `{ insert, update }`, older ones one type. */
export type PayloadOf<U extends object, K, Verb extends 'insert' | 'update'> = K extends keyof U
  ? U[K] extends { insert: infer I; update: infer P }
    ? Verb extends 'insert'
      ? I
      : P
    : U[K]
  : UpdatePayload;

export interface GetOptions<F extends string = string> extends RequestOptions {
  filter?: FilterInput<F>;
  /** Field ids (`-` for descending); a comma-separated text only where fields are not typed. */
  orderBy?: OrderBy<F> | (string extends F ? string : never);
  /** Rows to skip; -1 together with take -1 returns every row. */
  skip?: number;
  /** Rows to return (the server's default is 100). */
  take?: number;
}

export interface ClientRowsOptions<F extends string = string> extends RowsOptions<F> {
  timeout?: number;
  maxRetries?: number;
}

export interface ClientChangesOptions<F extends string = string> extends ChangesOptions<F> {
  timeout?: number;
  maxRetries?: number;
}

/** `format` of the ImageConnector: 0 original, 1 thumbnail, 2 medium. */
export type ImageFormat = 0 | 1 | 2 | 'original' | 'thumbnail' | 'medium';

/** Answer of the Image- and ReportConnector. */
export interface FileData {
  filedata: string;
  mimetype: string;
}

type NoConnectors = Record<never, never>;

/** Who asks for a one-time code: the App Connector's API key and API token (from AFAS), and the Profit user. */
export interface OtpCredentials {
  apiKey: string;
  apiToken: string;
  userId: string;
}

/** Where the OTP calls go: the client options without a token (the user has none yet). */
export type OtpClientOptions = ClientSettings;

/** Marks the options of the internal client that sends no Authorization header (OTP calls only). */
const NO_TOKEN = Symbol('no token');

function otpBody(credentials: OtpCredentials & { otp?: string }): Record<string, string> {
  const body: Record<string, string> = {
    apiKey: credentials.apiKey,
    apiToken: credentials.apiToken,
    userId: credentials.userId,
  };
  if (credentials.otp !== undefined) body.otp = credentials.otp;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`OTP: ${name} must not be empty`);
  }
  return body;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function checkPaging(skip: number | undefined, take: number | undefined): void {
  for (const [name, value] of [
    ['skip', skip],
    ['take', take],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < -1)) {
      throw new RangeError(`${name} must be a whole number >= 0, or -1 together with the other for all rows`);
    }
  }
  // AFAS answers 500 to -1 on one side only; better to say so before the call.
  if ((skip === -1) !== (take === -1)) throw new RangeError('skip=-1 and take=-1 only go together (all rows)');
}

const UTF8 = new TextDecoder();

/** A JSON body, or undefined when it is empty. */
function readJson(body: Uint8Array): unknown {
  const text = UTF8.decode(body);
  return text.trim() === '' ? undefined : parseProfitJson(text);
}

/** A raw row's value of a field, for keyset paging (the row parsed, once). */
const rawField = (row: RawRow, field: string) => row.value[field] as RowValue | undefined;

const IMAGE_FORMATS = { original: 0, thumbnail: 1, medium: 2 } as const;

/**
 * The SDK's one class. `G` maps GetConnector ids to row types and `U` UpdateConnector ids to payload types,
 * both as `generateTypes` writes them; without them rows are plain records.
 */
export class AfasClient<G extends object = NoConnectors, U extends object = NoConnectors> {
  readonly baseUrl: string;
  readonly #auth: Auth | undefined;
  readonly #headers: Record<string, string>;
  readonly #fetch: FetchLike;
  readonly #timeout: number;
  readonly #retry: RetryPolicy;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #updateMeta = new Map<string, Promise<UpdateMetainfo>>();

  constructor(options: ClientOptions) {
    this.baseUrl = resolveBaseUrl(options);
    if ((options as { [NO_TOKEN]?: true })[NO_TOKEN]) this.#auth = undefined;
    else if ((options.token === undefined) === (options.auth === undefined)) {
      throw new TypeError('give a token or an auth (OAuth), one of the two');
    } else this.#auth = options.auth ?? classicToken(options.token as string);
    this.#headers = { Accept: 'application/json' };
    if (options.integrationId) this.#headers.IntegrationId = options.integrationId;
    if (options.language) this.#headers['Accept-Language'] = options.language;
    if (!options.fetch && typeof globalThis.fetch !== 'function') {
      throw new TypeError('no global fetch here: pass one in the options');
    }
    // Called through globalThis, since some runtimes refuse a fetch called with another `this`.
    this.#fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.#timeout = options.timeout ?? 600_000;
    if (!(this.#timeout > 0)) throw new RangeError('timeout must be > 0 ms');
    this.#retry = resolveRetryPolicy(options);
    this.#sleep = options.sleep ?? defaultSleep;
  }

  /** One call with timeout, abort, retries and typed errors; the parsed JSON body, or undefined when empty. */
  async request<T>(req: ApiRequest): Promise<T> {
    return (await this.#withRetries(req, readJson)) as T;
  }

  /** The call with retries; `read` turns a 2xx body into the answer (throwing if the body is not what it expects). */
  async #withRetries(req: ApiRequest, read: (body: Uint8Array) => unknown): Promise<unknown> {
    const policy = req.retryWrites === undefined ? this.#retry : { ...this.#retry, retryWrites: req.retryWrites };
    const maxRetries = req.maxRetries ?? policy.maxRetries;
    const call: AuthCall = { sent: {}, retried: new Set() };
    for (let retry = 0; ; ) {
      try {
        return await this.#attempt(req, read, call);
      } catch (error) {
        if (req.signal?.aborted) throw error;
        // A refused credential (renewed token, nonce asked): sent again at once, not counted as a retry.
        if (error instanceof AfasError && error.status !== undefined && this.#auth?.refused) {
          if (await this.#auth.refused(error, this.#target(req), call, req.signal)) continue;
        }
        if (retry >= maxRetries || !isRetryable(error, req.method, policy)) throw error;
        await this.#sleep(retryDelay(error, retry, policy), req.signal);
        retry++;
      }
    }
  }

  #target(req: ApiRequest): { method: string; url: string } {
    const query = req.query?.toString() ?? '';
    return { method: req.method, url: `${this.baseUrl}${req.path}${query === '' ? '' : `?${query}`}` };
  }

  /** One attempt: the body read by `read`; a body it cannot read is an AfasError with the answer's status. */
  async #attempt(req: ApiRequest, read: (body: Uint8Array) => unknown, call: AuthCall): Promise<unknown> {
    const { signal } = req;
    signal?.throwIfAborted();
    const target = this.#target(req);
    const { url } = target;
    // Per attempt: an OAuth token may have been renewed, and each DPoP proof is good for one request only.
    call.sent = this.#auth === undefined ? {} : await this.#auth.headers(target, signal);
    const headers: Record<string, string> = { ...this.#headers, ...call.sent };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    const timeout = req.timeout ?? this.#timeout;

    const controller = new AbortController();
    let stop: (reason: unknown) => void = () => {};
    // Raced against the call, so that a fetch that ignores its signal still gives up on time.
    const stopped = new Promise<never>((_, reject) => {
      stop = reject;
    });
    stopped.catch(() => {});
    const timer = setTimeout(() => {
      const error = new TimeoutError(`${req.method} ${req.path}: no answer within ${timeout} ms`);
      controller.abort(error);
      stop(error);
    }, timeout);
    const onAbort = () => {
      controller.abort(signal?.reason);
      stop(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const call = async () => {
        const response = await this.#fetch(url, {
          method: req.method,
          headers,
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: controller.signal,
        });
        return { response, body: new Uint8Array(await response.arrayBuffer()) };
      };
      let received: { response: Response; body: Uint8Array };
      try {
        received = await Promise.race([call(), stopped]);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (controller.signal.aborted && controller.signal.reason instanceof TimeoutError) {
          throw controller.signal.reason;
        }
        if (error instanceof AfasError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new ConnectionError(`${req.method} ${req.path}: connection failed: ${detail}`, { cause: error });
      }
      const { response, body } = received;
      this.#auth?.answered?.(response.headers, target);
      if (!response.ok || response.headers.has('x-profit-error')) {
        throw errorFromResponse(response.status, response.headers, UTF8.decode(body));
      }
      try {
        return read(body);
      } catch (error) {
        throw new AfasError(`${response.status} the answer is not JSON`, {
          status: response.status,
          headers: response.headers,
          body: UTF8.decode(body),
          cause: error,
        });
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  // Reading

  /** One page of a GetConnector. */
  get<K extends keyof G & string>(connectorId: K, options?: GetOptions<FieldOf<G[K]>>): Promise<GetResponse<G[K]>>;
  get<R extends object = Row>(
    connectorId: Untyped<G>,
    options?: GetOptions<FieldOf<NoInfer<R>>>,
  ): Promise<GetResponse<R>>;
  get(connectorId: string, options: GetOptions = {}): Promise<GetResponse<object>> {
    return this.request(this.#getRequest(connectorId, options));
  }

  #getRequest(connectorId: string, options: GetOptions): ApiRequest {
    const { filter, orderBy, skip, take, ...request } = options;
    checkPaging(skip, take);
    const query = new URLSearchParams();
    if (skip !== undefined) query.set('skip', String(skip));
    if (take !== undefined) query.set('take', String(take));
    const order = renderOrderBy(orderBy);
    if (order !== undefined) query.set('orderbyfieldids', order);
    for (const [name, value] of Object.entries(renderFilterQuery(resolveFilter(filter)))) query.set(name, value);
    return { ...request, method: 'GET', path: `/connectors/${segment(connectorId)}`, query };
  }

  /** Every row of a GetConnector, page by page; needs `orderBy` or `keyset` (checked before any call). */
  rows<K extends keyof G & string>(connectorId: K, options: ClientRowsOptions<FieldOf<G[K]>>): AsyncIterable<G[K]>;
  rows<R extends object = Row>(
    connectorId: Untyped<G>,
    options: ClientRowsOptions<FieldOf<NoInfer<R>>>,
  ): AsyncIterable<R>;
  rows(connectorId: string, options: ClientRowsOptions): AsyncIterable<object> {
    return pageRows(this.#pageFetcher(connectorId, options), options);
  }

  /** Rows changed since a checkpoint, and optionally deletions; see ChangeFeed. */
  changes<K extends keyof G & string>(connectorId: K, options: ClientChangesOptions<FieldOf<G[K]>>): ChangeFeed<G[K]>;
  changes<R extends object = Row>(
    connectorId: Untyped<G>,
    options: ClientChangesOptions<FieldOf<NoInfer<R>>>,
  ): ChangeFeed<R>;
  changes(connectorId: string, options: ClientChangesOptions): ChangeFeed<object> {
    return new ChangeFeed(this.#pageFetcher(connectorId, options), options);
  }

  /**
   * Every row like rows(), each as the server sent it: its JSON bytes (RawRow), parsed only when asked. For writing
   * rows out unchanged (the CLI's export), at a fraction of the CPU of decoding, parsing and encoding them again.
   */
  rawRows<K extends ConnectorIdOf<G>>(
    connectorId: K,
    options: ClientRowsOptions<K extends keyof G ? FieldOf<G[K]> : string>,
  ): AsyncIterable<RawRow> {
    return pageRows(this.#rawPageFetcher(connectorId, options), options, rawField);
  }

  /** The rows of rawRows() a page at a time (RawPage: one answer's rows, written out in one copy). */
  rawPages<K extends ConnectorIdOf<G>>(
    connectorId: K,
    options: ClientRowsOptions<K extends keyof G ? FieldOf<G[K]> : string>,
  ): AsyncIterable<RawPage> {
    return pagesOf(this.#rawPageFetcher(connectorId, options), options, rawField);
  }

  #rawPageFetcher(connectorId: string, options: RequestOptions): PageFetcher<RawRow, RawPage> {
    return async (page, signal) =>
      (await this.#withRetries(this.#pageRequest(connectorId, options, page, signal), splitPage)) as RawPage;
  }

  #pageRequest(connectorId: string, options: RequestOptions, page: PageRequest, signal: AbortSignal): ApiRequest {
    return this.#getRequest(connectorId, {
      filter: page.filter,
      orderBy: page.orderBy,
      skip: page.skip,
      take: page.take,
      signal,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    });
  }

  #pageFetcher(connectorId: string, options: RequestOptions): PageFetcher<object> {
    return async (page, signal) => {
      const answer = await this.request<GetResponse<object>>(this.#pageRequest(connectorId, options, page, signal));
      return answer.rows;
    };
  }

  // Writing

  /** POST: insert records (or, with `subObject`, update the main record and insert a sub-object record). */
  async insert<K extends ConnectorIdOf<U>>(
    connectorId: K,
    payload: PayloadOf<U, K, 'insert'>,
    options: InsertOptions = {},
  ): Promise<UpdateResults> {
    const { subObject, validate, ...request } = options;
    await this.#validate(connectorId, payload, validate, { mode: 'insert', subObject });
    const path = `/connectors/${segment(connectorId)}${subObject === undefined ? '' : `/${segment(subObject)}`}`;
    return this.request({ ...request, method: 'POST', path, body: payload });
  }

  /** PUT: change the fields and sub-objects present; only the keys are required. */
  async update<K extends ConnectorIdOf<U>>(
    connectorId: K,
    payload: PayloadOf<U, K, 'update'>,
    options: WriteOptions = {},
  ): Promise<UpdateResults> {
    const { validate, ...request } = options;
    await this.#validate(connectorId, payload, validate, { mode: 'update' });
    return this.request({ ...request, method: 'PUT', path: `/connectors/${segment(connectorId)}`, body: payload });
  }

  /** DELETE by URL; one target, or one per level for nested objects. Success is 200 with an empty body. */
  async delete(
    connectorId: ConnectorIdOf<U>,
    target: DeleteTarget | readonly DeleteTarget[],
    options: Omit<WriteOptions, 'validate'> = {},
  ): Promise<void> {
    await this.request({ ...options, method: 'DELETE', path: deletePath(connectorId, target) });
  }

  async #validate(
    connectorId: string,
    payload: unknown,
    validate: boolean | UpdateMetainfo | undefined,
    options: { mode: 'insert' | 'update'; subObject?: string | undefined },
  ): Promise<void> {
    if (validate === undefined || validate === false) return;
    const meta = validate === true ? await this.#cachedUpdateMeta(connectorId) : validate;
    validatePayload(meta, payload, options);
  }

  #cachedUpdateMeta(connectorId: string): Promise<UpdateMetainfo> {
    let meta = this.#updateMeta.get(connectorId);
    if (meta === undefined) {
      meta = this.describeUpdate(connectorId);
      this.#updateMeta.set(connectorId, meta);
      // A failed fetch is not kept: the next write asks again.
      meta.catch(() => this.#updateMeta.delete(connectorId));
    }
    return meta;
  }

  // Metainfo

  /** The connectors this token may call, and who it is. */
  metainfo(options?: RequestOptions): Promise<MetainfoList> {
    return this.request({ ...options, method: 'GET', path: '/metainfo' });
  }

  describeGet(connectorId: string, options?: RequestOptions): Promise<GetMetainfo> {
    return this.request({ ...options, method: 'GET', path: `/metainfo/get/${segment(connectorId)}` });
  }

  describeUpdate(connectorId: string, options?: RequestOptions): Promise<UpdateMetainfo> {
    return this.request({ ...options, method: 'GET', path: `/metainfo/update/${segment(connectorId)}` });
  }

  // Files

  file(fileId: string, fileName: string, options?: RequestOptions): Promise<FileResponse> {
    const path = `/FileConnector/${segment(fileId)}/${segment(fileName)}`;
    return this.request({ ...options, method: 'GET', path });
  }

  /** An attachment of a dossier item (KnSubject). */
  subjectAttachment(subjectId: string | number, fileId: string, options?: RequestOptions): Promise<FileResponse> {
    const path = `/SubjectConnector/${segment(subjectId)}/${segment(fileId)}`;
    return this.request({ ...options, method: 'GET', path });
  }

  image(imageId: string | number, format: ImageFormat = 0, options?: RequestOptions): Promise<FileData> {
    const code = typeof format === 'string' ? IMAGE_FORMATS[format] : format;
    const query = new URLSearchParams({ format: String(code) });
    return this.request({ ...options, method: 'GET', path: `/ImageConnector/${segment(imageId)}`, query });
  }

  report(reportId: string, filter?: FilterInput, options?: RequestOptions): Promise<FileData> {
    const query = new URLSearchParams(renderFilterQuery(resolveFilter(filter)));
    return this.request({ ...options, method: 'GET', path: `/ReportConnector/${segment(reportId)}`, query });
  }

  profitVersion(options?: RequestOptions): Promise<ProfitVersion> {
    return this.request({ ...options, method: 'GET', path: '/ProfitVersion' });
  }

  // One-time codes: how a user gets a token without one, so these calls send no Authorization header.

  static #withoutToken(options: OtpClientOptions): AfasClient {
    return new AfasClient({ ...options, token: '', [NO_TOKEN]: true } as ClientOptions);
  }

  /**
   * `POST /OtpRequest`: Profit e-mails the user a one-time code. The answer is the same whether or not the keys
   * are right, so that it tells nobody which keys exist. Not retried unless `retryWrites`: each call sends a mail.
   */
  static async requestOtp(
    options: OtpClientOptions,
    credentials: OtpCredentials,
    request: Omit<WriteOptions, 'validate'> = {},
  ): Promise<void> {
    const body = otpBody(credentials);
    await AfasClient.#withoutToken(options).request({ ...request, method: 'POST', path: '/OtpRequest', body });
  }

  /** `POST /OtpValidation`: the token XML for a right code; undefined for a wrong or expired one (AFAS answers 204). */
  static async validateOtp(
    options: OtpClientOptions,
    credentials: OtpCredentials & { otp: string },
    request: Omit<WriteOptions, 'validate'> = {},
  ): Promise<string | undefined> {
    const body = otpBody(credentials);
    const answer = await AfasClient.#withoutToken(options).request<{ token?: unknown } | undefined>({
      ...request,
      method: 'POST',
      path: '/OtpValidation',
      body,
    });
    if (answer === undefined) return undefined;
    try {
      // AFAS ends the token with CRLF; normalising trims it and checks the form.
      return normalizeToken(typeof answer.token === 'string' ? answer.token : '');
    } catch (error) {
      throw new AfasError('OtpValidation: the answer holds no token', { body: answer, cause: error });
    }
  }
}
