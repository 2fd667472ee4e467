/**
 * PostgreSQL's internal one-byte `"char"` type (OID 18) on the schema engine's
 * connections (DESIGN.md §6). The engine's catalogue queries return it
 * (pg_constraint.contype, pg_class.relkind…) and read it as a Rust `char`, but
 * adapter-pg maps no column type to OID 18 and fails the whole query.
 *
 * Labelling the column as text is not enough: the engine then fails with "Getting
 * constraint_type … as char failed" as soon as a row comes back (PostgreSQL 18 returns
 * NOT NULL constraints there, so any table triggers it). The column must reach the
 * engine typed `Character`, which adapter-pg never produces; so the pg client lets the
 * adapter see text and notes which columns were "char", and the adapter's queryRaw
 * puts the `Character` type back for exactly those columns.
 */
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import pg from "pg";

const CHAR_OID = 18;
const CHAR_ARRAY_OID = 1002;
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;

type TypeParsers = { getTypeParser: (oid: number, format?: string) => unknown };
type FieldList = { fields?: { dataTypeID: number }[]; rows?: unknown[] };

/** Result rows (adapter-pg passes pg's array on unchanged) → indexes of "char" columns. */
const charColumns = new WeakMap<object, number[]>();

function noteCharColumns(result: unknown): unknown {
  // A multi-statement simple query answers with one result per statement.
  for (const one of Array.isArray(result)
    ? (result as FieldList[])
    : [result as FieldList | undefined]) {
    const indexes: number[] = [];
    one?.fields?.forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length > 0 && one?.rows) charColumns.set(one.rows, indexes);
  }
  return result;
}

/** "char"[] has no pg parser and would arrive as "{a,b}"; parse it as text[]. */
function withCharArrayParser(config: { types?: TypeParsers }): { types: TypeParsers } {
  const types = config.types ?? (pg.types as TypeParsers);
  return {
    ...config,
    types: {
      getTypeParser: (oid: number, format?: string) =>
        types.getTypeParser(oid === CHAR_ARRAY_OID ? TEXT_ARRAY_OID : oid, format),
    },
  };
}

/**
 * A pg client for the engine's pools only, so the application's clients keep pg's
 * global behaviour. Patched on the prototype because Client#query is heavily
 * overloaded (promise, callback, submittable) and every form must pass through.
 */
export class EngineClient extends pg.Client {}

const baseQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
EngineClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [first] = args;
  if (first !== null && typeof first === "object" && "text" in first && !("submit" in first)) {
    args[0] = withCharArrayParser(first as { types?: TypeParsers });
  }
  const callbackIndex = args.findIndex((arg) => typeof arg === "function");
  if (callbackIndex >= 0) {
    // pg-pool's own query() uses the callback form.
    const callback = args[callbackIndex] as (error: unknown, result: unknown) => void;
    args[callbackIndex] = (error: unknown, result: unknown) =>
      callback(error, error ? result : noteCharColumns(result));
    return baseQuery.apply(this, args);
  }
  const returned = baseQuery.apply(this, args);
  return returned instanceof Promise ? returned.then(noteCharColumns) : returned;
} as typeof pg.Client.prototype.query;

function restoreCharType<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? [])
      result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

/** Gives "char" columns the `Character` type on the adapter and its transactions. */
export function withCharColumns<A extends SqlDriverAdapter>(adapter: A): A {
  restoreCharType(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    restoreCharType(await startTransaction(isolationLevel));
  return adapter;
}
