import { runner } from 'node-pg-migrate';
import pg from 'pg';

/**
 * The shared PostgreSQL database (WHARFIE_DATABASE_URL): quiz state, votes,
 * the question log and Slack's delivery keys for every replica. One pool per
 * process; each statement is cut off after a timeout so a stuck lock turns
 * into an error the quiz reports, never a hung event handler.
 */
export type Pool = pg.Pool;

export interface PostgresOptions {
  /** The SQL migrations (adapters/postgres/migrations under the package root; the app knows where that is). */
  readonly migrationsDir: string;
  /** Longest a statement may run (and wait for a lock) before PostgreSQL cancels it. */
  readonly statementTimeoutMs?: number;
  /** Connections this process may hold. */
  readonly maxConnections?: number;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

/** A PostgreSQL database that could not be opened or used; the message names the setting and never the password. */
export class PostgresError extends Error {
  override readonly name = 'PostgresError';
}

/** The URL as safe to print: user, host, port and database, without the password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    u.search = '';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

export function describePgError(url: string, what: string, error: unknown): PostgresError {
  const e = error as { code?: string; message?: string };
  // pg's messages can quote the connection string; strip the password wherever it appears.
  let reason = [e?.code, e?.message ?? String(error)].filter(Boolean).join(': ');
  const password = passwordOf(url);
  if (password) reason = reason.split(password).join('***');
  return new PostgresError(`${what} the PostgreSQL database ${redactUrl(url)} (WHARFIE_DATABASE_URL): ${reason}`, { cause: error });
}

/** Statement timeout, lock timeout or a pool that stayed full: worth telling apart from "down". */
export function isBusy(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '57014' || e?.code === '55P03' || /timeout exceeded when trying to connect/i.test(e?.message ?? '');
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** BIGINT columns hold epoch milliseconds, well inside a JS number; read them as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connects, checks the server answers and applies pending migrations
 * (node-pg-migrate, under its advisory lock, so replicas starting together
 * migrate once). The schema is the connection's own (search_path, which a
 * URL can set with `?options=-c search_path=NAME`).
 */
export async function openPostgres(url: string, options: PostgresOptions): Promise<Pool> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new PostgresError('WHARFIE_DATABASE_URL must start with postgres:// (or postgresql://).');
  }
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: statementTimeout,
    statement_timeout: statementTimeout,
    lock_timeout: statementTimeout,
    idle_in_transaction_session_timeout: statementTimeout * 4,
    application_name: 'wharfie',
    types,
  });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  let client: pg.PoolClient | undefined;
  try {
    client = await pool.connect();
    const schema = (await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')).rows[0]?.schema;
    if (!schema) throw new Error('the search_path names no schema that exists');
    await runner({
      dbClient: client,
      dir: options.migrationsDir,
      direction: 'up',
      migrationsTable: 'wharfie_migrations',
      schema,
      checkOrder: true,
      // A replica starting beside another waits for its migration instead of failing.
      advisoryLockMode: 'wait',
      log: () => undefined,
    });
    return pool;
  } catch (error) {
    client?.release();
    client = undefined;
    await pool.end().catch(() => undefined);
    throw error instanceof PostgresError ? error : describePgError(url, 'Could not open', error);
  } finally {
    client?.release();
  }
}
