// A server process killed with SIGKILL in the middle of a burst of writes, on SQLite and PostgreSQL: a server
// started again on the same database has every write that was acknowledged, each once, and numbers on.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, postgresDatabase } from '../support/databases.ts';
import { killHard, type ServerProcess, startServerProcess } from './processes.ts';
import { RELIABILITY_SCALE, reportFigure } from './scale.ts';

const WRITES = Math.round(200 * RELIABILITY_SCALE);
const PARALLEL = 6;

async function databaseFor(kind: 'sqlite' | 'postgres') {
  if (kind === 'postgres') return postgresDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-kill-'));
  return { url: join(dir, 'kill.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each(DATABASE_KINDS)('kill -9 during writes on %s', (kind) => {
  it('keeps every acknowledged write after a SIGKILL mid-burst', async (context) => {
    const database = await databaseFor(kind);
    if (!database) return context.skip();
    let first: ServerProcess | undefined;
    let second: ServerProcess | undefined;
    try {
      first = await startServerProcess(database.url, ['--demo-rows', '20']);
      const server = first;
      const marker = `Kill${Date.now().toString(36)}`;
      const acknowledged = new Map<number, string>();
      const numbers: string[] = [];
      let next = 0;
      let killed = false;
      const post = (path: string, body: unknown) =>
        fetch(`${server.base}${path}`, {
          method: 'POST',
          headers: { authorization: server.auth, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const worker = async () => {
        while (next < WRITES && !killed) {
          const i = next++;
          if (i === Math.floor(WRITES / 2)) {
            killed = true;
            await killHard(server);
            return;
          }
          const subject = `${marker} ${i}`;
          // Dossier items (autoincrement keys) and persons (numbered through the numbering counters) in turn.
          if (i % 2 === 0) {
            const response = await post('/connectors/KnSubject', {
              KnSubject: { Element: { Fields: { StId: 1, Ds: subject } } },
            }).catch(() => undefined);
            if (response?.status === 201)
              acknowledged.set(Number((await response.json()).results.KnSubject.SbId), subject);
          } else {
            const response = await post('/connectors/KnPerson', {
              KnPerson: {
                Element: {
                  Fields: { AutoNum: true, MatchPer: '7', FiNm: `K${i}`, LaNm: marker },
                  Objects: [{ KnBasicAddressAdr: { Element: { Fields: { CoId: 'NL', Ad: 'Laan', HmNr: 1 } } } }],
                },
              },
            }).catch(() => undefined);
            if (response?.status === 201) numbers.push((await response.json()).results.KnPerson.BcCo);
          }
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      reportFigure(`kill -9 on ${kind}: ${acknowledged.size + numbers.length} writes acknowledged before the kill`);
      expect(killed).toBe(true);
      expect(acknowledged.size).toBeGreaterThan(0);
      expect(numbers.length).toBeGreaterThan(0);

      // Started again on the same database: what was acknowledged is there, once.
      second = await startServerProcess(database.url);
      const again = second;
      const get = async (query: string) => {
        const response = await fetch(`${again.base}/connectors/${query}`, {
          headers: { authorization: again.auth },
        });
        expect(response.status).toBe(200);
        return (await response.json()).rows as Record<string, unknown>[];
      };
      const subjects = await get(
        `Profit_Subjects?skip=-1&take=-1&filterfieldids=Subject&filtervalues=${marker}&operatortypes=6`,
      );
      const stored = new Map(subjects.map((row) => [row.SubjectId as number, row.Subject as string]));
      expect(stored.size).toBe(subjects.length);
      for (const [id, subject] of acknowledged) expect(stored.get(id)).toBe(subject);
      const persons = await get(
        `Profit_OrgPer?skip=-1&take=-1&filterfieldids=Name&filtervalues=${marker}&operatortypes=6`,
      );
      const personNumbers = persons.map((row) => row.BcCo as string);
      expect(new Set(personNumbers).size).toBe(personNumbers.length);
      for (const number of numbers) expect(personNumbers).toContain(number);
      // Numbering goes on after the crash without handing out a number again.
      const after = await fetch(`${again.base}/connectors/KnPerson`, {
        method: 'POST',
        headers: { authorization: again.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          KnPerson: {
            Element: {
              Fields: { AutoNum: true, MatchPer: '7', FiNm: 'Na', LaNm: marker },
              Objects: [{ KnBasicAddressAdr: { Element: { Fields: { CoId: 'NL', Ad: 'Laan', HmNr: 1 } } } }],
            },
          },
        }),
      });
      expect(after.status).toBe(201);
      expect(personNumbers).not.toContain((await after.json()).results.KnPerson.BcCo);
    } finally {
      if (first) await killHard(first);
      if (second) await killHard(second);
      await database.drop();
    }
  }, 300_000);
});
