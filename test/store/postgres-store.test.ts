import { describe, expect, it } from 'vitest';
import { openStores } from '../../adapters/app/open-stores.js';
import { POSTGRES_AVAILABLE, TEST_DATABASE_URL, testSchema } from '../support/postgres.js';
import { storeContract } from './store-contract.js';

const env = (url: string) => ({ WHARFIE_DB: ':memory:', WHARFIE_DATABASE_URL: url, WHARFIE_DATABASE_TIMEOUT_MS: 5000 });

describe.skipIf(!POSTGRES_AVAILABLE)('PostgreSQL (WHARFIE_TEST_DATABASE_URL)', () => {
  storeContract('PostgreSQL', {
    async open() {
      const schema = await testSchema();
      const stores = await openStores(env(schema.url));
      return {
        stores: {
          ...stores,
          async close() {
            await stores.close();
            await schema.drop();
          },
        },
        openAnother: () => openStores(env(schema.url)),
      };
    },
  });

  it('migrates once when two replicas start together, and names the setting but never the password when it cannot connect', async () => {
    const schema = await testSchema();
    try {
      const both = await Promise.all([openStores(env(schema.url)), openStores(env(schema.url))]);
      expect(both.map((s) => s.kind)).toEqual(['postgres', 'postgres']);
      for (const s of both) await s.close();
    } finally {
      await schema.drop();
    }
    const wrong = new URL(TEST_DATABASE_URL);
    wrong.password = 'not-the-password-42';
    const error = await openStores(env(wrong.toString())).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('WHARFIE_DATABASE_URL');
    expect((error as Error).message).not.toContain('not-the-password-42');
  });
});
