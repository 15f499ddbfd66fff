// Makes the hand-written UpdateConnectors follow the published catalogue at definition load: a documented field the
// YAML lacks becomes a stored nullable column, a documented object gets generated storage, labels and code tables
// come from the catalogue, and a YAML field or object AFAS does not document stops start-up. Rules stay as written.

import { DefinitionError } from '../definitions/load.ts';
import type { ColumnDefinition, DefinitionSet, TableDefinition } from '../definitions/schema.ts';
import type { UpdateFieldDefinition, UpdateObjectDefinition } from '../write/update-schema.ts';
import { type CatalogueConnector, type CatalogueObject, readCatalogueUpdateConnectors } from './catalogue-files.ts';
import { decimalsOf, FILLED_BY_PROFIT, generateObjectStorage } from './generate-update.ts';
import { CATALOGUE_COLUMNS, catalogueColumnName } from './storage-names.ts';

/** Custom fields (`U` + 32 hex) are the environment's own, never in the catalogue. */
const CUSTOM_FIELD = /^U[0-9A-Fa-f]{32}$/;

/**
 * KnEmployee's own description was not published; KnDayContract describes the same employee, person, contract,
 * function, timetable and salary objects, and HrOnboarding / HrEmpMutInSite more fields of the employee itself.
 * The facts of KnEmployee are taken from those three (PROTOCOL.md: its root object is AfasEmployee).
 */
export function knEmployeeCatalogue(byId: ReadonlyMap<string, CatalogueConnector>): CatalogueConnector | undefined {
  const day = byId.get('kndaycontract');
  if (!day) return undefined;
  const fields = [...day.tree.fields];
  const known = new Set(fields.map((f) => f.fieldId));
  const more = [byId.get('hronboarding')?.tree, byId.get('hrempmutinsite')?.tree]
    .flatMap((tree) => tree?.objects ?? [])
    .filter((object) => object.name === 'AfasEmployee')
    .flatMap((object) => object.fields);
  for (const field of more) {
    if (known.has(field.fieldId)) continue;
    known.add(field.fieldId);
    // Required there for an onboarding or a mutation; not a fact of KnEmployee's own POST.
    fields.push({ ...field, mandatory: false });
  }
  // The person of an employee: KnDayContract's KnPerson, with what HrOnboarding's AfasPerson adds.
  const onboarding = byId.get('hronboarding')?.tree;
  const objects = day.tree.objects.map((object) => {
    if (object.name !== 'KnPerson' || !onboarding) return object;
    const own = new Set(object.fields.map((f) => f.fieldId));
    const extra = onboarding.fields.filter((f) => !own.has(f.fieldId)).map((f) => ({ ...f, mandatory: false }));
    return { ...object, fields: [...object.fields, ...extra] };
  });
  const rename = (path: string) => path.replace(/^KnDayContract(?=\/|$)/, 'AfasEmployee');
  return {
    ...day,
    id: 'KnEmployee',
    description: 'Medewerker',
    descriptionNl: 'Medewerker',
    rootObject: 'AfasEmployee',
    deleteUrls: ['/connectors/KnEmployee/AfasEmployee/@EmId/{EmId}'],
    mandatoryOnPut: Object.fromEntries(Object.entries(day.mandatoryOnPut ?? {}).map(([p, ids]) => [rename(p), ids])),
    tree: { ...day.tree, name: 'AfasEmployee', fields, objects },
  };
}

/** The catalogue entry a hand-written connector is held to, if AFAS documents it. */
export function catalogueOf(id: string, byId: ReadonlyMap<string, CatalogueConnector>): CatalogueConnector | undefined {
  const key = id.toLowerCase();
  return key === 'knemployee' ? knEmployeeCatalogue(byId) : byId.get(key);
}

/** Tables by name, copied before the first change so the loaded set stays as it was. */
class TableEdits {
  private readonly byName: Map<string, TableDefinition>;
  private readonly copied = new Set<string>();
  readonly added: TableDefinition[] = [];

  constructor(tables: readonly TableDefinition[]) {
    this.byName = new Map(tables.map((t) => [t.name, t]));
  }

  get(name: string): TableDefinition {
    const table = this.byName.get(name);
    if (!table) throw new DefinitionError(`table '${name}' is not defined`);
    return table;
  }

  /** The column a documented field is stored in: an existing one of that name and type, else a new nullable one. */
  columnFor(tableName: string, column: ColumnDefinition, at: string): string {
    const table = this.get(tableName);
    const existing = table.columns.find((c) => c.name === column.name);
    if (existing) {
      if (existing.type !== column.type)
        throw new DefinitionError(
          `${at}: column '${column.name}' of '${tableName}' is ${existing.type}, not ${column.type}`,
        );
      return existing.name;
    }
    if (!this.copied.has(tableName)) {
      this.byName.set(tableName, { ...table, columns: [...table.columns] });
      this.copied.add(tableName);
    }
    this.byName.get(tableName)!.columns.push(column);
    return column.name;
  }

  add(tables: readonly TableDefinition[]): void {
    for (const table of tables) {
      if (this.byName.has(table.name)) throw new DefinitionError(`generated table '${table.name}' is defined twice`);
      this.byName.set(table.name, table);
      this.added.push(table);
    }
  }

  all(original: readonly TableDefinition[]): TableDefinition[] {
    return [...original.map((t) => this.byName.get(t.name)!), ...this.added];
  }
}

interface OverlayContext {
  connector: CatalogueConnector;
  tables: TableEdits;
}

function conformObject(
  object: UpdateObjectDefinition,
  source: CatalogueObject,
  path: readonly string[],
  context: OverlayContext,
): UpdateObjectDefinition {
  const at = `UpdateConnector '${context.connector.id}', object '${path.join('/')}'`;
  const documented = new Map(source.fields.map((f) => [f.fieldId, f]));
  const keyIds = new Set(object.keys.map((k) => k.attribute));
  // Keys the server numbers (SbId, OrNu, EmId...) and the numbers Profit fills (BcId, BcCo, AutoNum, EnNo): the
  // descriptions list them as required, but a client leaves them out, so metainfo (and clients validating by it,
  // `appconnector insert --validate`) does not ask for them.
  const numbered = new Set([
    ...FILLED_BY_PROFIT,
    ...object.keys.filter((k) => k.generate !== 'client').map((k) => k.attribute),
  ]);
  const fields: UpdateFieldDefinition[] = [];
  for (const field of object.fields) {
    const fact = documented.get(field.fieldId);
    if (!fact) {
      if (CUSTOM_FIELD.test(field.fieldId)) {
        fields.push(field);
        continue;
      }
      throw new DefinitionError(`${at}: field '${field.fieldId}' is not in AFAS's description of the object`);
    }
    fields.push({
      ...field,
      // AFAS's limit, checked in the plan; the column is never shorter (a test compares them).
      length: field.dataType === 'string' && fact.length !== undefined ? fact.length : field.length,
      label: { en: fact.label, nl: fact.labelNl ?? fact.label },
      values: fact.values?.map((v) => ({ id: v.id, description: v.description })) ?? field.values,
      // Metainfo says what AFAS says; what an insert demands stays the object's own (a subset, checked by a test).
      mandatoryInMetainfo: fact.mandatory && !numbered.has(field.fieldId),
    });
  }
  const present = new Set(fields.map((f) => f.fieldId));
  for (const fact of source.fields) {
    if (present.has(fact.fieldId) || keyIds.has(fact.fieldId)) continue;
    const column = context.tables.columnFor(
      object.table,
      {
        name: catalogueColumnName(fact.fieldId),
        type: fact.dataType,
        nullable: true,
        autoIncrement: false,
        ...(fact.dataType === 'string' && fact.length !== undefined ? { length: fact.length } : {}),
        ...(fact.dataType === 'decimal' ? { decimals: decimalsOf(fact.multipleOf) } : {}),
      },
      at,
    );
    fields.push({
      fieldId: fact.fieldId,
      column,
      dataType: fact.dataType,
      length: fact.dataType === 'string' ? fact.length : undefined,
      decimals: fact.dataType === 'decimal' ? decimalsOf(fact.multipleOf) : undefined,
      mandatory: false,
      mandatoryInMetainfo: fact.mandatory,
      notzero: false,
      values: fact.values?.map((v) => ({ id: v.id, description: v.description })),
      label: { en: fact.label, nl: fact.labelNl ?? fact.label },
      primaryKey: false,
    });
  }

  const documentedObjects = new Map(source.objects.map((o) => [o.name, o]));
  const objects: UpdateObjectDefinition[] = [];
  for (const child of object.objects) {
    const fact = documentedObjects.get(child.name);
    if (!fact) throw new DefinitionError(`${at}: object '${child.name}' is not in AFAS's description`);
    objects.push(conformObject(child, fact, [...path, child.name], context));
  }
  const written = new Set(objects.map((o) => o.name));
  for (const fact of source.objects) {
    if (written.has(fact.name)) continue;
    objects.push(generatedChild(object, [...path, fact.name], context));
  }
  // Reordered as AFAS lists them, so metainfo reads like the description.
  const order = source.objects.map((o) => o.name);
  objects.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const onPut = (context.connector.mandatoryOnPut?.[path.join('/')] ?? []).filter(
    // BcId is Profit's own number: a PUT finds the record by BcCo as well (rule match-person/-organisation).
    (id) => id !== 'BcId' && (present.has(id) || keyIds.has(id) || documented.has(id)),
  );
  return { ...object, fields, objects, mandatoryOnPut: [...new Set([...object.mandatoryOnPut, ...onPut])] };
}

/** Generated storage for a documented object the YAML lacks, hung under its hand-written parent's table. */
function generatedChild(
  parent: UpdateObjectDefinition,
  path: readonly string[],
  context: OverlayContext,
): UpdateObjectDefinition {
  const parentTable = context.tables.get(parent.table);
  const [parentKey] = parentTable.primaryKey;
  const keyColumn = parentTable.columns.find((c) => c.name === parentKey);
  if (parentTable.primaryKey.length !== 1 || !keyColumn)
    throw new DefinitionError(
      `table '${parent.table}' needs a one-column primary key to hang '${path.join('/')}' under`,
    );
  const { tables, object } = generateObjectStorage({
    connector: context.connector,
    connectorId: context.connector.id,
    path,
    link: {
      columns: [
        {
          name: CATALOGUE_COLUMNS.parentId,
          type: keyColumn.type,
          nullable: false,
          autoIncrement: false,
          ...(keyColumn.length !== undefined ? { length: keyColumn.length } : {}),
        },
      ],
      parentKey: { [keyColumn.name]: CATALOGUE_COLUMNS.parentId },
    },
  });
  context.tables.add(tables);
  return object;
}

/**
 * The definition set with every hand-written UpdateConnector that AFAS documents held to its description. A
 * connector the catalogue does not know (a test's own) is left as it is.
 */
export function conformHandWritten(set: DefinitionSet): DefinitionSet {
  const byId = new Map(readCatalogueUpdateConnectors().map((c) => [c.id.toLowerCase(), c]));
  const tables = new TableEdits(set.tables);
  const updateConnectors = set.updateConnectors.map((definition) => {
    const connector = catalogueOf(definition.id, byId);
    if (!connector) return definition;
    if (connector.tree.name.toLowerCase() !== definition.rootObject.name.toLowerCase())
      throw new DefinitionError(
        `UpdateConnector '${definition.id}': root object '${definition.rootObject.name}', AFAS's is '${connector.tree.name}'`,
      );
    const rootObject = conformObject(definition.rootObject, connector.tree, [connector.tree.name], {
      connector,
      tables,
    });
    return { ...definition, rootObject };
  });
  return { ...set, tables: tables.all(set.tables), updateConnectors };
}
