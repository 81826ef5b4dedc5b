// Connections for the offline schema engine: a datasource URL becomes explicit pg settings
// (so the database name can be swapped for a shadow database or "postgres"), plus the
// database-level commands the Prisma CLI asks of the engine itself.
import pg from "pg";

/** pg settings for a postgresql:// URL, optionally for another database on the same server. */
export function connectionSettings(url, database) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || u.searchParams.get("host") || "localhost",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: database ?? (decodeURIComponent(u.pathname.slice(1)) || "postgres"),
  };
}

export const databaseName = (url) => connectionSettings(url).database;

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/** Runs `work` on one client connected to the URL's server (database `database`, default the URL's). */
export async function withClient(url, database, work) {
  const client = new pg.Client(connectionSettings(url, database));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const canConnect = (url) => withClient(url, undefined, async () => {});

/** Creates database `name` (default: the URL's own), connected through database `via`. */
export const createDatabase = (url, name = databaseName(url), via = "postgres") =>
  withClient(url, via, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));

/** FORCE ends the sessions still open on it (a pool that has not finished closing). */
export const dropDatabase = (url, name, via = databaseName(url)) =>
  withClient(url, via, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
