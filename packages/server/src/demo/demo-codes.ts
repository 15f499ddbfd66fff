// Codes and names by which one domain's rows refer to another's (contacts, employees, debtors, users), each
// computable from an index or a person's stream key alone, so no domain has to keep or look up another's rows.

import type { FirstName, Surname } from './dutch-data.ts';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, NEUTRAL_FIRST_NAMES, SURNAMES } from './dutch-data.ts';
import type { Random } from './random.ts';

export const CONTACT_PERSONS_PER_ORG = 2;
/** The environment's participant number: user codes look like 12345.jdevries17. */
export const PARTICIPANT = '12345';

/** Codes the other entities' rows use to reference each other, computable from an index without lookups. */
export const bcCode = (bcId: number) => String(bcId).padStart(6, '0');
export const employeeCode = (index: number) => String(index + 1).padStart(6, '0');
export const orgDebtorCode = (orgIndex: number) => String(10_001 + orgIndex);
export const privateDebtorCode = (employeeIndex: number) => String(9_000_001 + employeeIndex);
/** Organisation k has bc_id 3k+1; its two contact persons 3k+2 and 3k+3; employee i's person follows all of them. */
export const orgBcId = (orgIndex: number) => orgIndex * (CONTACT_PERSONS_PER_ORG + 1) + 1;
/** Organisation k's contacts: one per contact person, plus a department contact for every third organisation. */
export const firstContactId = (orgIndex: number) => orgIndex * CONTACT_PERSONS_PER_ORG + Math.ceil(orgIndex / 3) + 1;
export const userCode = (userIndex: number, first: FirstName, surname: Surname) =>
  `${PARTICIPANT}.${first.slug[0] ?? 'x'}${surname.slug}${userIndex + 1}`;

export interface PersonName {
  gender: string;
  first: FirstName;
  surname: Surname;
}

/** The first draws of every person's stream, so a name can be recomputed from the stream key alone. */
export function drawName(r: Random): PersonName {
  const g = r.next();
  const gender = g < 0.49 ? 'M' : g < 0.97 ? 'V' : g < 0.985 ? 'X' : 'O';
  const first = r.pick(gender === 'M' ? MALE_FIRST_NAMES : gender === 'V' ? FEMALE_FIRST_NAMES : NEUTRAL_FIRST_NAMES);
  return { gender, first, surname: r.pick(SURNAMES) };
}

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function displayName(n: PersonName): string {
  return n.surname.prefix === null
    ? `${n.first.name} ${n.surname.last}`
    : `${n.first.name} ${n.surname.prefix} ${n.surname.last}`;
}

export function salutation(n: PersonName): string {
  const last = n.surname.prefix === null ? n.surname.last : `${capitalise(n.surname.prefix)} ${n.surname.last}`;
  if (n.gender === 'M') return `Geachte heer ${last}`;
  if (n.gender === 'V') return `Geachte mevrouw ${last}`;
  return `Beste ${n.first.name}`;
}
