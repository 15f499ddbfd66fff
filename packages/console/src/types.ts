// The console API's answers as the UI reads them (packages/server/src/console/API.md). Types only; a shape the
// server already declares is imported from it as a type (erased by esbuild, so no server code enters the bundle).

export interface SessionInfo {
  signedIn: boolean;
  csrfToken: string;
  expiresAt: string;
  replica?: string;
}

export interface Overview {
  version: string;
  replica: string;
  startedAt: string;
  database: string;
  baseUrl: string;
  environments: number;
  requestLog: { capacity: number };
}

export interface Environment {
  name: string;
  type: string;
  participant: string;
  language: 'nl' | 'en';
  profitVersion: string;
  isDefault: boolean;
  definitions: 'own' | 'server';
  maintenance: null | { message: string; retryAfter: number };
}

export interface AppConnector {
  id: number;
  name: string;
  description: string;
  ipAllowlist: string[] | null;
  getConnectors: string[];
  updateConnectors: string[];
  authMode: 'classic' | 'hybrid' | 'oauth';
  otp: boolean;
}

export interface ConnectorList {
  getConnectors: { id: string; description: string; blocked: boolean }[];
  updateConnectors: { id: string; description: string }[];
}

export interface Token {
  id: number;
  userId: string;
  description: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface OAuthClientInfo {
  clientId: string;
  name: string;
  type: 'public' | 'confidential';
  userId: string | null;
  redirectUris: string[];
  createdAt: string;
}

export interface Snippets {
  curl: string;
  sdk: string;
  cli: string;
}

export interface ProfitErrorBody {
  externalMessage?: string;
  profitLogReference?: string;
  [key: string]: unknown;
}

export interface RunAnswer {
  status: number;
  durationMs: number;
  url: string;
  answer: { skip: number; take: number; rows: Record<string, unknown>[] } | null;
  rows?: Record<string, unknown>[];
  error: ProfitErrorBody | null;
  snippets: Snippets;
}

export interface SendAnswer {
  status: number;
  durationMs: number;
  url: string;
  answer: unknown;
  error: ProfitErrorBody | null;
  stored: unknown;
  snippets: Snippets;
}

export interface ValidateAnswer {
  valid: boolean;
  error?: { status: number; code: string; message: string; field?: string; body?: unknown };
}

/** One entry of the request log, as the server keeps and sends it. */
export type { RequestLogEntry as RequestEntry } from '@appconnector/server';

export interface ErrorDetail {
  reference: string;
  environment: string | null;
  at: string;
  status: number;
  code: string;
  message: string;
  detail: unknown;
  traceId: string | null;
  integrationId: string | null;
}
