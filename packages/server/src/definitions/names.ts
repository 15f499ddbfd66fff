// The names definition files may use, shared by every part of their schema (GetConnectors, UpdateConnectors, file
// endpoints). Imports nothing of ours, so every schema file can import it without a cycle.

import { z } from 'zod';

/** Table, column and alias names: plain SQL identifiers, the only identifiers that ever reach SQL. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier (letters, digits, _)');

/** GetConnector and UpdateConnector ids, as they stand in URLs. */
export const connectorId = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
