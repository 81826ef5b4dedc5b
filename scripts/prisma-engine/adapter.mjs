// The driver adapter the Wasm schema engine runs on: @prisma/adapter-pg with three fixes,
// applied to our own instances only (the library's classes stay untouched).
// 1. Catalog queries return Postgres' internal "char" type (OID 18: pg_class.relkind,
//    pg_constraint.contype, …), which adapter-pg 7.10 rejects as unsupported: read it as
//    text and report the column to the engine as a one-character column.
// 2. adapter-pg's executeScript splits a migration on every ";", which breaks PL/pgSQL
//    function bodies (our audit-log triggers). A parameterless query uses Postgres' simple
//    protocol, which runs a whole multi-statement script in one call: send it whole.
// 3. adapter-pg's shadow database is dropped while its pool is still connected ("being
//    accessed by other users"): close the pool first, then drop it.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { connectionSettings, createDatabase, dropDatabase } from "./connection.mjs";

const PG_CHAR = 18;
const PG_TEXT = 25;

/** Fix 1 on one queryable (the adapter or a transaction), safe for concurrent queries. */
function readCharColumns(queryable) {
  const queryRaw = queryable.queryRaw;
  const performIO = queryable.performIO;
  queryable.queryRaw = async function (query) {
    const charColumns = [];
    // A per-call view whose performIO relabels the columns, so calls never share state.
    const view = Object.create(this, {
      performIO: {
        value: async (q) => {
          const result = await performIO.call(this, q);
          const fields = result.fields.map((field, i) =>
            field.dataTypeID === PG_CHAR ? (charColumns.push(i), { ...field, dataTypeID: PG_TEXT }) : field,
          );
          return { ...result, fields };
        },
      },
    });
    const result = await queryRaw.call(view, query);
    for (const i of charColumns) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

/** Fixes 1 and 2 on a connected adapter, and fix 1 on each transaction it starts. */
function fixAdapter(adapter) {
  readCharColumns(adapter);
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (...args) {
    return readCharColumns(await startTransaction.apply(this, args));
  };
  adapter.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  return adapter;
}

export class EngineAdapterFactory extends PrismaPg {
  constructor(url, shadowDatabaseUrl) {
    super(connectionSettings(url));
    this.url = url;
    this.shadowDatabaseUrl = shadowDatabaseUrl;
  }

  async connect() {
    return fixAdapter(await super.connect());
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      // A configured shadow database is emptied before use, as the native engine does.
      const adapter = fixAdapter(await new PrismaPg(connectionSettings(this.shadowDatabaseUrl)).connect());
      await adapter.executeScript('DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";');
      return adapter;
    }
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await createDatabase(this.url, name, connectionSettings(this.url).database);
    const adapter = fixAdapter(await new PrismaPg(connectionSettings(this.url, name)).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose(); // ends the shadow database's pool (fix 3)
      await dropDatabase(this.url, name);
    };
    return adapter;
  }
}
