// Definitions of catalogue GetConnectors with the catalogue's ids, types and labels: over the company's own tables
// (a mapping, get-mappings.ts), or over a generated table of their own (`gc_` + id, a column per field).

import type { TableDefinition, UnionDefinition } from '../definitions/schema.ts';
import type { CatalogueGetConnector, CatalogueGetField } from './get-catalogue.ts';
import { servedType } from './get-catalogue.ts';
import type { GetMapping } from './get-mappings.ts';
import { catalogueColumnName } from './storage-names.ts';

/** The generated tables' key; the demo generator numbers it. */
export const GET_TABLE_KEY = 'ac_id';

export function getTableName(connectorId: string): string {
  return `gc_${connectorId.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** Dutch names of the connectors (the catalogue has only English ones), as Profit's Dutch screens call them. */
export const DUTCH_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ProfitCodeTableValue: 'Vrije tabellen',
  ProfitCountries: 'Landen',
  ProfitEmployerHourType: 'Uursoorten',
  ProfitEmployerProjects: 'Projecten',
  ProfitEmployerRealization: 'Nacalculatie',
  ProfitProfileContacts: 'Contacten',
  ProfitProfileRelations: 'Profiel contactrol',
  ProfitProfiles: 'Profielen',
  ProfitResidences: 'Woonplaatsen',
  ProfitSubjects: 'Dossieritems (zonder autorisatie)',
  ProfitSubjectsAuthorized: 'Dossieritems (met autorisatie)',
  ProfitTitles: 'Titels',
  Profit_Allocation_Assigments: 'Toewijzing verbijzondering',
  Profit_ArticleGroups: 'Artikelgroepen (rapportage)',
  Profit_Article_Basic: 'Artikelen',
  Profit_Article_image: 'Artikelen',
  Profit_Balance_Allocated: 'Verbijzondering (werkelijk, begr., reserv. en verpl.)',
  Profit_BankAccounts: 'Bankrekening',
  Profit_Barcode_per_Item: 'Barcode per artikel',
  Profit_Composition: 'Onderdelen samenstelling',
  Profit_CostCarrier: 'Werkgever / kostendragers',
  Profit_CostCentre: 'Werkgever / kostenplaatsen',
  Profit_Creditor: 'Crediteuren',
  Profit_Creditor_Invoices: 'Openstaande posten crediteur',
  Profit_Currency: 'Valuta',
  Profit_Debtor_Invoices: 'Openstaande posten debiteur',
  Profit_Deliveryaddress: 'Adressen bij contacten (alle)',
  Profit_Deliverynotelines: 'Pakbonregels',
  Profit_Deliverynotes: 'Pakbonnen',
  Profit_FeatureCombination: 'Kenmerkcombinaties',
  Profit_FeatureValue: 'Kenmerkwaarde',
  Profit_Features: 'Kenmerken',
  Profit_Fin_ChangedEntrydate: 'Gewijzigde boekdagen financieel',
  Profit_Hourtype: 'Uursoorten',
  Profit_Illness: 'Medewerker/verzuimverloop',
  Profit_Journals: 'Dagboeken',
  Profit_Languages: 'Talen (Profit)',
  Profit_LeaveBalance: 'Medewerker/verlofsaldo',
  Profit_Leaves: 'Verlof (Connector)',
  Profit_Period_balance: 'Grootboek (werkelijk, begr., reserv. en verpl.) /per.',
  Profit_Projectgroups: 'Projectgroepen',
  Profit_Projects: 'Projecten',
  Profit_Projectstage: 'Projectfasen',
  Profit_Quotation: 'Voorcalculatieregels',
  Profit_Rea_ChangedEntryDate: 'Gewijzigde boekdagen nacalculatie',
  Profit_Realization: 'Nacalculatie overzicht (incl. autorisatie)',
  Profit_Residence: 'Woonplaatsen',
  Profit_Rooster_Ouderverlof: 'Medewerker/rooster en verlofboekingen ouderschapsverlof',
  Profit_SEPA_IncassoMachtigingen: 'SEPA-incassomachtigingen (Profit)',
  Profit_SalesPrice: 'Prijslijst per debiteur (GetConnector)',
  Profit_Stock_per_Warehouse: 'Voorraad (virtueel) per artikel',
  Profit_SubjectFile: 'Dossieritems (zonder autorisatie)',
  Profit_SubjectTypes: 'Dossieritemtypen',
  Profit_Subject_Reaction_Attachments: 'Bestanden bij reactie',
  Profit_Subject_Tasks: 'WordConnect_Workflow',
  Profit_SubjectsDest: 'Dossieritems (met autorisatie)',
  Profit_Subscriptions: 'Abonnementsregel',
  Profit_Timetable: 'Medewerker/rooster',
  Profit_Transactions_Allocated: 'Financiële mutaties',
  Profit_Unit_per_Item: 'Eenheid per artikel',
  Profit_UserGroups: 'Gebruikers per groep',
  Profit_Warehouses: 'Magazijn',
  Profit_Workflowactions: 'WordConnect_WorkflowActions',
  Profit_Worktype: 'Artikelen',
  Profit_periods_per_administration: 'Geblokkeerde perioden per administratie',
};

/** Text columns get room for what Profit's fields hold; memo-like ones more. */
function textLength(field: CatalogueGetField): number {
  return /memo|remark|comment|text|descr|omschrijving/i.test(field.id) ? 1000 : 255;
}

function decimals(field: CatalogueGetField): number {
  return /rate|parttime|presence|wao/i.test(field.id) ? 4 : 2;
}

const label = (field: CatalogueGetField) => ({ en: field.label, nl: field.labelNl ?? field.label });

/** The table, collection and GetConnector of one catalogue connector over a generated table. */
export function generatedGetDefinition(connector: CatalogueGetConnector) {
  const table = getTableName(connector.id);
  const columns = connector.fields.map((field) => {
    const type = servedType(field);
    const name = catalogueColumnName(field.id);
    if (type === 'string') return { name, type, length: textLength(field) };
    if (type === 'decimal') return { name, type, decimals: decimals(field) };
    return { name, type };
  });
  return {
    table: {
      name: table,
      primaryKey: [GET_TABLE_KEY],
      columns: [{ name: GET_TABLE_KEY, type: 'int' as const, nullable: false }, ...columns],
    },
    collection: {
      id: connector.id,
      label: { en: connector.description, nl: DUTCH_DESCRIPTIONS[connector.id] ?? connector.description },
      from: { table, as: 't' },
      fields: connector.fields.map((field, i) => ({
        fieldId: field.id,
        column: `t.${columns[i]!.name}`,
        dataType: servedType(field),
        label: label(field),
        ...(columns[i]!.type === 'decimal' ? { decimals: columns[i]!.decimals } : {}),
      })),
    },
    getConnector: {
      id: connector.id,
      description: { en: connector.description, nl: DUTCH_DESCRIPTIONS[connector.id] ?? connector.description },
      collection: connector.id,
      fields: connector.fields.map((field) => ({ id: field.id, fieldId: field.id })),
    },
  };
}

/** A union's columns typed from the first branch that reads each (compile.ts checks the branches agree). */
function unionColumns(from: UnionDefinition, tables: ReadonlyMap<string, TableDefinition>, where: string) {
  const columns = Object.keys(from.union[0]!.columns).map((name) => {
    for (const branch of from.union) {
      const source = branch.columns[name];
      const column = source ? tables.get(branch.table)?.columns.find((c) => c.name === source) : undefined;
      if (column) return { ...column, name };
    }
    throw new Error(`${where}: union column ${name} has no source`);
  });
  return { name: from.as, primaryKey: from.primaryKey, columns } as TableDefinition;
}

/**
 * The collection and GetConnector of a catalogue connector over the company's own tables (get-mappings.ts). Throws
 * when a mapping misses a catalogue field, names one the catalogue lacks, or reads a column of another type.
 */
export function mappedGetDefinition(
  connector: CatalogueGetConnector,
  mapping: GetMapping,
  tables: ReadonlyMap<string, TableDefinition>,
) {
  const where = `GetConnector ${connector.id}`;
  const aliases = new Map<string, TableDefinition>();
  const from = mapping.from;
  if ('union' in from) aliases.set(from.as, unionColumns(from, tables, where));
  for (const source of 'table' in from ? [from, ...(mapping.joins ?? [])] : (mapping.joins ?? [])) {
    const table = tables.get(source.table);
    if (!table) throw new Error(`${where}: table ${source.table} is not defined`);
    aliases.set(source.as, table);
  }
  const column = (ref: string) => {
    const [alias, name] = ref.split('.') as [string, string];
    const found = aliases.get(alias)?.columns.find((c) => c.name === name);
    if (!found) throw new Error(`${where}: no column ${ref}`);
    return found;
  };
  const extra = Object.keys(mapping.fields).filter((id) => !connector.fields.some((f) => f.id === id));
  if (extra.length > 0) throw new Error(`${where}: fields the catalogue lacks: ${extra.join(', ')}`);
  const fields = connector.fields.map((field) => {
    const source = mapping.fields[field.id];
    const dataType = servedType(field);
    const base = { fieldId: field.id, dataType, label: label(field) };
    if (source === undefined) throw new Error(`${where}: field ${field.id} has no source`);
    if (typeof source === 'string') {
      const c = column(source);
      if (c.type !== dataType) throw new Error(`${where}: field ${field.id} is ${dataType}, ${source} is ${c.type}`);
      return { ...base, column: source, ...(c.type === 'decimal' ? { decimals: c.decimals } : {}) };
    }
    if ('coalesce' in source) {
      for (const ref of source.coalesce)
        if (column(ref).type !== dataType) throw new Error(`${where}: field ${field.id} is ${dataType}, ${ref} is not`);
      return { ...base, coalesce: source.coalesce };
    }
    if ('concat' in source) {
      if (dataType !== 'string') throw new Error(`${where}: field ${field.id} is ${dataType}, not text`);
      for (const part of source.concat)
        if (typeof part !== 'string') for (const ref of 'col' in part ? [part.col] : part.coalesce) column(ref);
      return { ...base, concat: source.concat };
    }
    return { ...base, constant: source.constant, ...(dataType === 'decimal' ? { decimals: 2 } : {}) };
  });
  const description = { en: connector.description, nl: DUTCH_DESCRIPTIONS[connector.id] ?? connector.description };
  return {
    collection: {
      id: connector.id,
      label: description,
      from: mapping.from,
      ...(mapping.joins ? { joins: mapping.joins } : {}),
      fields,
    },
    getConnector: {
      id: connector.id,
      description,
      collection: connector.id,
      fields: connector.fields.map((field) => ({ id: field.id, fieldId: field.id })),
      ...(mapping.notEmpty ? { filter: { or: [{ and: [{ field: mapping.notEmpty, op: 'notEmpty' }] }] } } : {}),
    },
  };
}
