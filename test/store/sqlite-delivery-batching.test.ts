import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../adapters/app/open-stores.js';
import { DELIVERY_TAKE_LEASE_MS } from '../../src/delivery-log.js';

const env = (file: string) => ({ WHARFIE_DB: file, WHARFIE_DATABASE_URL: undefined, WHARFIE_DATABASE_TIMEOUT_MS: 5000 });
const T0 = Date.parse('2026-11-30T09:00:00Z');
const LATER = T0 + DELIVERY_TAKE_LEASE_MS + 60_000;

describe('Slack deliveries marked finished in batches (SQLite, as `wharfie start` opens it)', () => {
  let dir: string;
  const open: Stores[] = [];
  const stores = async (deliveryBatchMs?: number): Promise<Stores> => {
    const s = await openStores(env(path.join(dir, 'wharfie.db')), deliveryBatchMs ? { deliveryBatchMs } : {});
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a finished delivery at once in this process, and in another once the batch is written', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-deliveries-'));
    const mine = await stores(60_000);
    const other = await stores();
    expect(await mine.deliveries.firstDelivery('trigger:T1', T0)).toBe(true);
    await mine.deliveries.finished('trigger:T1');
    // Past the lease an unfinished take would be answered again: this process knows it finished.
    expect(await mine.deliveries.firstDelivery('trigger:T1', LATER)).toBe(false);
    // Within the lease another replica refuses it as taken, finished or not.
    expect(await other.deliveries.firstDelivery('trigger:T1', T0 + 1)).toBe(false);
    (mine.deliveries as unknown as { flush(): void }).flush();
    expect(await other.deliveries.firstDelivery('trigger:T1', LATER)).toBe(false);
  });

  it('writes the finished marks still waiting when the store closes', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-deliveries-'));
    const mine = await stores(60_000);
    expect(await mine.deliveries.firstDelivery('event:Ev1', T0)).toBe(true);
    await mine.deliveries.finished('event:Ev1');
    await open.shift()!.close();
    const next = await stores();
    expect(await next.deliveries.firstDelivery('event:Ev1', LATER)).toBe(false);
  });

  it('writes them when the wait is over', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-deliveries-'));
    const mine = await stores(5);
    expect(await mine.deliveries.firstDelivery('event:Ev2', T0)).toBe(true);
    await mine.deliveries.finished('event:Ev2');
    // Read without taking: asking firstDelivery past the lease would take the key itself.
    const file = new Database(path.join(dir, 'wharfie.db'), { readonly: true });
    try {
      await expect.poll(() => (file.prepare('SELECT done FROM delivery WHERE key = ?').get('event:Ev2') as { done: number }).done, { timeout: 5_000 }).toBe(1);
    } finally {
      file.close();
    }
  });
});
