import { DELIVERY_MEMORY_MS, DELIVERY_TAKE_LEASE_MS, type DeliveryLog } from '../../src/delivery-log.js';
import { describeDbError, type Db } from './database.js';

/** Slack's delivery keys in the SQLite file: the first process to insert a key handles the delivery. */
export class SqliteDeliveryLog implements DeliveryLog {
  private readonly q;
  private inserts = 0;

  constructor(
    db: Db,
    private readonly file: string = db.name,
  ) {
    this.q = {
      // A new key, or an unfinished take that lapsed, is taken.
      insert: db.prepare(
        `INSERT INTO delivery (key, at) VALUES (@key, @at)
         ON CONFLICT (key) DO UPDATE SET at = excluded.at WHERE delivery.done = 0 AND delivery.at <= excluded.at - @lease`,
      ),
      finish: db.prepare('UPDATE delivery SET done = 1 WHERE key = ?'),
      forget: db.prepare('DELETE FROM delivery WHERE at < ?'),
    };
  }

  async firstDelivery(key: string, at: number): Promise<boolean> {
    try {
      const first = this.q.insert.run({ key, at, lease: DELIVERY_TAKE_LEASE_MS }).changes === 1;
      // Now and then, forget keys older than any retry.
      if ((this.inserts += 1) % 500 === 0) this.q.forget.run(at - DELIVERY_MEMORY_MS);
      return first;
    } catch (error) {
      throw describeDbError(this.file, 'Could not record a Slack delivery in', error);
    }
  }

  async finished(key: string): Promise<void> {
    try {
      this.q.finish.run(key);
    } catch (error) {
      throw describeDbError(this.file, 'Could not record a Slack delivery in', error);
    }
  }
}
