// Demo rows for the tables of generated UpdateConnectors that catalogue GetConnectors read (get-written.ts): leave,
// absence, projects, actual costing, creditors, subscriptions, cost centres; and the code tables they show. Pure.

import { codeTableRows, LEAVE_TYPES, LEAVE_TYPES_TABLE, WRITTEN_CODE_TABLES } from '../catalogue/get-written.ts';
import { CATALOGUE_COLUMNS, catalogueTableName as g } from '../catalogue/storage-names.ts';
import type { DemoPools } from './catalogue-rows.ts';
import { dutchIban } from './checksums.ts';
import { DAY_MS, dateValue, timestampValue } from './dates.ts';
import { BANKS } from './dutch-data.ts';
import type { DemoRow } from './generate.ts';
import { hash32, Random } from './random.ts';

export interface WrittenRowsOptions {
  employees: number;
  seed: number;
  nowDay: number;
}

/** The projects the demo has (PRJ1001...), as the generated tables of other connectors name them too. */
export const DEMO_PROJECTS = 40;
const projectCode = (k: number) => `PRJ${String(1001 + k)}`;
const PROJECT_NAMES = ['Implementatie ERP', 'Migratie HR-portal', 'Onderhoud website', 'Audit salarisadministratie'];
const SUBSCRIPTION_TYPES = ['MND', 'KWT', 'JR'];

/** Every table this fills. */
export const WRITTEN_TABLES: readonly string[] = [
  LEAVE_TYPES_TABLE,
  ...Object.keys(WRITTEN_CODE_TABLES),
  g('HrCostCentre'),
  g('HrAbsence'),
  g('HrIllness'),
  g('PtProject'),
  g('PtRealization'),
  g('KnPurchaseRelationOrg'),
  g('KnPurchaseRelationOrg', ['KnOrganisation']),
  g('KnPurchaseRelationPer'),
  g('KnPurchaseRelationPer', ['KnPerson']),
  g('FbSubscription'),
  g('FbSubscription', ['FbSubscriptionLines']),
];

const { id: ID, parentId: PARENT, createdAt, createdBy, modifiedAt, modifiedBy } = CATALOGUE_COLUMNS;

/** Rows of one of WRITTEN_TABLES. */
export function writtenRows(table: string, pools: DemoPools, options: WrittenRowsOptions): DemoRow[] {
  const r = new Random();
  const key = [...table].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 11);
  const rowRandom = (i: number) => r.reseed(hash32(key, options.seed), i);
  const day = (i: number) => options.nowDay - rowRandom(i).between(1, 2 * 365);
  const stamp = (row: DemoRow, dayNumber: number): DemoRow => {
    const created = dayNumber * DAY_MS + r.between(8, 17) * 3_600_000 + r.int(3_600_000);
    const modified = r.chance(0.5) ? created : Math.min(created + r.int(60) * DAY_MS, options.nowDay * DAY_MS - 1000);
    row[createdAt] = timestampValue(created);
    row[createdBy] = 'demo';
    row[modifiedAt] = timestampValue(modified);
    row[modifiedBy] = 'demo';
    return row;
  };
  const count = (perEmployees: number, min = 10) => Math.max(min, Math.round(options.employees / perEmployees));
  const employee = (i: number) => pools.employees[i % Math.max(1, pools.employees.length)];
  const rows: DemoRow[] = [];
  const codes = codeTableRows(table);
  if (codes.length > 0) return codes.map(([code, description], i) => ({ [ID]: i + 1, code, description }));

  switch (table) {
    case g('HrCostCentre'):
      pools.costCentres.forEach((c, i) => {
        rowRandom(i);
        rows.push(stamp({ [ID]: i + 1, cmid: '01', crid: c.code, crds: c.description, bl: false }, day(i)));
      });
      break;
    case g('HrAbsence'):
      for (let i = 0; i < count(4); i++) {
        const start = day(i);
        const [code] = LEAVE_TYPES[r.int(LEAVE_TYPES.length)]!;
        const days = r.between(1, 15);
        rows.push(
          stamp(
            {
              [ID]: i + 1,
              emid: employee(i)?.code ?? null,
              viat: code,
              dabe: dateValue(start),
              daen: dateValue(start + days - 1),
              vilr: code === 'VAK' ? 'Vak' : code === 'TVT' ? 'TvT' : r.chance(0.5) ? null : `0${r.between(1, 9)}`,
              ense: 1,
              dura: days * 8,
              ledt: false,
            },
            start - r.between(1, 30),
          ),
        );
      }
      break;
    case g('HrIllness'):
      for (let i = 0; i < count(10); i++) {
        const start = day(i);
        const recovered = r.chance(0.8);
        const end = start + r.between(1, 40);
        rows.push(
          stamp(
            {
              [ID]: i + 1,
              emid: employee(i * 3)?.code ?? null,
              dabe: dateValue(start),
              dmeb: dateValue(start),
              daes: dateValue(start + r.between(3, 21)),
              tpbe: 0,
              viit: r.chance(0.85) ? 'Z' : 'AO',
              viir: String(r.between(0, 11)),
              ense: 1,
              ruab: false,
              rtds: r.int(2),
              daen: recovered ? dateValue(end) : null,
              dmee: recovered ? dateValue(end) : null,
              virs: recovered ? '1' : null,
              tpen: recovered ? 1 : null,
              reae: recovered ? String(r.between(1, 3)) : null,
            },
            start,
          ),
        );
      }
      break;
    case g('PtProject'):
      for (let i = 0; i < DEMO_PROJECTS; i++) {
        const start = day(i);
        const org = pools.organisations[i % Math.max(1, pools.organisations.length)];
        const done = r.chance(0.3);
        rows.push(
          stamp(
            {
              [ID]: i + 1,
              prid: projectCode(i),
              ds: `${PROJECT_NAMES[i % PROJECT_NAMES.length]} ${org?.name ?? ''}`.trim(),
              unfi: (i % pools.administrations) + 1,
              prgp: `PG${String((i % 6) + 1).padStart(2, '0')}`,
              chou: done,
              bcco: org?.bcCo ?? null,
              dbid: pools.debtors[i % Math.max(1, pools.debtors.length)]?.code ?? null,
              dast: dateValue(start),
              dtgp: dateValue(start + 120),
              dtgw: done ? dateValue(start + r.between(60, 200)) : null,
              ch: r.chance(0.8),
            },
            start - 7,
          ),
        );
      }
      break;
    case g('PtRealization'):
      for (let i = 0; i < count(4); i++) {
        const when = day(i);
        rows.push(
          stamp(
            {
              [ID]: i + 1,
              id: i + 1,
              dati: dateValue(when),
              vait: '1',
              itcd: `U0${r.between(1, 4)}`,
              qu: r.between(1, 16) / 2,
              emid: employee(i)?.code ?? null,
              prid: projectCode(r.int(DEMO_PROJECTS)),
              ds: PROJECT_NAMES[r.int(PROJECT_NAMES.length)]!,
              unid: 'uur',
              ch: r.chance(0.8),
              ap: r.chance(0.6),
              pr: r.chance(0.7),
            },
            when,
          ),
        );
      }
      break;
    case g('KnPurchaseRelationOrg'):
    case g('KnPurchaseRelationPer'): {
      const organisation = table === g('KnPurchaseRelationOrg');
      const n = organisation ? Math.min(30, pools.organisations.length) : Math.min(10, pools.employees.length);
      for (let i = 0; i < n; i++) {
        rowRandom(i);
        const bank = BANKS[r.int(BANKS.length)]!;
        rows.push(
          stamp(
            {
              [ID]: i + 1,
              crid: String((organisation ? 20_001 : 25_001) + i),
              iban: dutchIban(
                bank.code,
                String(3_000_000_000 + i * 7919 + (organisation ? 0 : 500_000)).padStart(10, '0'),
              ),
              pacd: r.pick(['14', '30', '30', '60']),
              krli: r.int(5) * 5000,
              bl: r.chance(0.05),
              bltl: false,
              vadu: '1',
              aupa: r.chance(0.5),
              vaid: organisation ? `NL${r.digits(9)}B01` : null,
            },
            day(i),
          ),
        );
      }
      break;
    }
    case g('KnPurchaseRelationOrg', ['KnOrganisation']):
      for (let i = 0; i < Math.min(30, pools.organisations.length); i++) {
        const o = pools.organisations[(i * 7) % pools.organisations.length]!;
        // The organisation named by its number, as a client links a creditor to an existing organisation.
        rows.push(stamp({ [ID]: i + 1, [PARENT]: i + 1, bcco: o.bcCo, nm: o.name }, day(i)));
      }
      break;
    case g('KnPurchaseRelationPer', ['KnPerson']):
      for (let i = 0; i < Math.min(10, pools.employees.length); i++) {
        const p = pools.employees[(i * 11) % pools.employees.length]!;
        rows.push(stamp({ [ID]: i + 1, [PARENT]: i + 1, bcco: p.bcCo }, day(i)));
      }
      break;
    case g('FbSubscription'):
      for (let i = 0; i < count(20, 5); i++) {
        const start = day(i);
        rows.push(
          stamp(
            {
              [ID]: i + 1,
              sunr: i + 1,
              dbid: pools.debtors[(i * 3) % Math.max(1, pools.debtors.length)]?.code ?? null,
              sust: dateValue(start),
              suen: r.chance(0.2) ? dateValue(start + 365) : null,
              vasu: SUBSCRIPTION_TYPES[i % SUBSCRIPTION_TYPES.length]!,
              prid: r.chance(0.3) ? projectCode(r.int(DEMO_PROJECTS)) : null,
              unfi: (i % pools.administrations) + 1,
            },
            start,
          ),
        );
      }
      break;
    case g('FbSubscription', ['FbSubscriptionLines']):
      for (let i = 0; i < count(20, 5) * 2; i++) {
        const start = day(i);
        const article = pools.articles[(i * 13) % Math.max(1, pools.articles.length)];
        const price = r.between(10, 400);
        rows.push(
          stamp(
            {
              [ID]: i + 1,
              [PARENT]: Math.floor(i / 2) + 1,
              vait: '2',
              itcd: article?.code ?? null,
              id: (i % 2) + 1,
              dast: dateValue(start),
              qu: r.between(1, 10),
              pric: price,
              sapr: price,
              sadi: r.chance(0.2) ? Math.round(price * 0.1 * 100) / 100 : 0,
              daen: null,
            },
            start,
          ),
        );
      }
      break;
    default:
      return [];
  }
  return rows;
}
