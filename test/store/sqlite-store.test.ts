import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStores } from '../../adapters/app/open-stores.js';
import { storeContract } from './store-contract.js';

const env = (file: string) => ({ WHARFIE_DB: file, WHARFIE_DATABASE_URL: undefined, WHARFIE_DATABASE_TIMEOUT_MS: 5000 });

storeContract('SQLite', {
  async open() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-store-'));
    const file = path.join(dir, 'wharfie.db');
    const stores = await openStores(env(file));
    return {
      stores: {
        ...stores,
        async close() {
          await stores.close();
          await rm(dir, { recursive: true, force: true });
        },
      },
      openAnother: () => openStores(env(file)),
    };
  },
});
