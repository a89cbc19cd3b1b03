import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL the tests use: WHARFIE_TEST_DATABASE_URL (`.ci/run` installs,
 * starts and exports it). Without it the PostgreSQL tests are skipped locally,
 * and fail where WHARFIE_REQUIRE_POSTGRES=1 says one must be there (CI).
 */
export const TEST_DATABASE_URL = process.env.WHARFIE_TEST_DATABASE_URL ?? '';
export const POSTGRES_REQUIRED = process.env.WHARFIE_REQUIRE_POSTGRES === '1';
export const POSTGRES_AVAILABLE = TEST_DATABASE_URL !== '' || POSTGRES_REQUIRED;

export interface TestSchema {
  /** The test database's URL with this schema as its search_path: what WHARFIE_DATABASE_URL gets. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh schema of its own for one test (two runs never share state); drop() removes it. */
export async function testSchema(): Promise<TestSchema> {
  if (!TEST_DATABASE_URL) throw new Error('WHARFIE_REQUIRE_POSTGRES=1 but WHARFIE_TEST_DATABASE_URL is not set (.ci/run sets it)');
  const name = `wharfie_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
