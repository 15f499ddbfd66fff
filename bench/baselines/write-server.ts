// Baseline of the write scenario: a bare node:http server that takes a KnPerson body and inserts each person with one
// raw statement per table row (kn_basic_contact, kn_person) in one transaction per call. No validation: the floor.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type BetterSqlite3 from 'better-sqlite3';
import { type DriverTarget, openPostgres, openSqlite } from './driver.ts';

export interface WriteJob {
  target: DriverTarget;
}

type Fields = Record<string, string | number | boolean | null | undefined>;

const job = JSON.parse(process.argv[2]!) as WriteJob;
const { schema } = job.target;

const BASIC = `insert into "${schema}"."kn_basic_contact" (bc_co, type, created_at, created_by, modified_at, modified_by)
  values ($1, 'P', $2, 'bench', $2, 'bench') returning bc_id`;
const PERSON = `insert into "${schema}"."kn_person" (bc_id, bc_co, name, first_name, initials, prefix, last_name, gender,
  birth_date, email_work, mobile_work, created_at, created_by, modified_at, modified_by)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'bench', $12, 'bench')`;

/** The values of one person, in PERSON's order after bc_id. */
function personValues(fields: Fields, bcCo: string, now: string): unknown[] {
  const name = [fields.FiNm, fields.Is, fields.LaNm].filter(Boolean).join(' ');
  return [
    bcCo,
    name,
    fields.FiNm,
    fields.In,
    fields.Is,
    fields.LaNm,
    fields.ViGe,
    fields.DaBi,
    fields.EmAd,
    fields.MbNr,
    now,
  ];
}

function elementsOf(body: string): Fields[] {
  const element = (JSON.parse(body) as { KnPerson: { Element: { Fields: Fields } | { Fields: Fields }[] } }).KnPerson
    .Element;
  return (Array.isArray(element) ? element : [element]).map((e) => e.Fields);
}

// A random person number: unique enough for a benchmark, and numbering is the write path's work, not the floor's.
const newCode = () => `B${randomBytes(7).toString('hex')}`;

/**
 * A PostgreSQL-style statement (`$1`, a value used twice) on SQLite: better-sqlite3 binds `?` by position only, so
 * the values are repeated in the order their placeholders occur.
 */
function positional(db: BetterSqlite3.Database, text: string) {
  const order = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
  const statement = db.prepare(text.replace(/\$\d+/g, '?'));
  const bind = (values: unknown[]) => order.map((i) => values[i] ?? null);
  return {
    get: (values: unknown[]) => statement.get(...bind(values)),
    run: (values: unknown[]) => statement.run(...bind(values)),
  };
}

let insert: (people: Fields[]) => Promise<void>;
if (job.target.kind === 'sqlite') {
  const db = openSqlite(job.target);
  const basic = positional(db, BASIC);
  const person = positional(db, PERSON);
  const call = db.transaction((people: Fields[]) => {
    const now = new Date().toISOString().slice(0, 19);
    for (const fields of people) {
      const code = newCode();
      const { bc_id } = basic.get([code, now]) as { bc_id: number };
      person.run([bc_id, ...personValues(fields, code, now)]);
    }
  });
  insert = async (people) => call(people);
} else {
  const pool = openPostgres(job.target, 10);
  insert = async (people) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const now = new Date().toISOString().slice(0, 19);
      for (const fields of people) {
        const code = newCode();
        const basic = await client.query({ name: 'basic', text: BASIC, values: [code, now] });
        await client.query({
          name: 'person',
          text: PERSON,
          values: [basic.rows[0].bc_id, ...personValues(fields, code, now)],
        });
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  request.setEncoding('utf8');
  for await (const chunk of request) body += chunk;
  return body;
}

const server = createServer((request, response) => {
  readBody(request)
    .then(async (body) => {
      const people = elementsOf(body);
      await insert(people);
      response.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ results: { KnPerson: { count: people.length } } }));
    })
    .catch((error: Error) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(error.message);
    });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`write baseline listening on http://127.0.0.1:${port}/\n`);
});
process.once('SIGTERM', () => process.exit(0));
