// Reading the console API's JSON bodies (the app parses no body itself: every body arrives as text) and checking
// their fields, with errors that name the field.

import type { FastifyRequest } from 'fastify';
import { invalid } from './console-errors.ts';

export type Body = Record<string, unknown>;

export function jsonBody(request: FastifyRequest): Body {
  const text = typeof request.body === 'string' ? request.body : '';
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('the body is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid('the body must be a JSON object');
  return value as Body;
}

export function text(body: Body, field: string, required: true): string;
export function text(body: Body, field: string, required?: false): string | undefined;
export function text(body: Body, field: string, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw invalid(`${field} is required`, field);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`${field} must be text`, field);
  return value;
}

export function texts(body: Body, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalid(`${field} must be a list of texts`, field);
  return value as string[];
}

export function wholeNumber(body: Body, field: string, min: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw invalid(`${field} must be a whole number of at least ${min}`, field);
  return value;
}

export function flag(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${field} must be true or false`, field);
  return value;
}

/** An ISO time in the future, null (none), or undefined (not given). */
export function futureTime(body: Body, field: string, now: Date): Date | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null) return null;
  const at = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw invalid(`${field} must be an ISO time such as 2027-05-01T17:00:00Z`, field);
  if (at.getTime() <= now.getTime()) throw invalid(`${field} is in the past`, field);
  return at;
}
