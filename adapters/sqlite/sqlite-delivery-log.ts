import { DELIVERY_MEMORY_MS, type DeliveryLog } from '../../src/delivery-log.js';
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
      insert: db.prepare('INSERT INTO delivery (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
      forget: db.prepare('DELETE FROM delivery WHERE at < ?'),
    };
  }

  async firstDelivery(key: string, at: number): Promise<boolean> {
    try {
      const first = this.q.insert.run(key, at).changes === 1;
      // Now and then, forget keys older than any retry.
      if ((this.inserts += 1) % 500 === 0) this.q.forget.run(at - DELIVERY_MEMORY_MS);
      return first;
    } catch (error) {
      throw describeDbError(this.file, 'Could not record a Slack delivery in', error);
    }
  }
}
