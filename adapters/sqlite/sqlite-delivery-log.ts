import { DELIVERY_MEMORY_MS, DELIVERY_TAKE_LEASE_MS, type ClaimedWork, type DeliveryLog, type PendingWork } from '../../src/delivery-log.js';
import { describeDbError, type Db } from './database.js';

/**
 * Slack's delivery keys and once-only jobs in the SQLite file: the first
 * process to insert a key handles it; `owner` is this process, so its leases
 * can be renewed and a dead process's work claimed by another.
 */
export class SqliteDeliveryLog implements DeliveryLog {
  private readonly q;
  private inserts = 0;

  constructor(
    db: Db,
    private readonly file: string = db.name,
    private readonly owner: string = 'this-process',
  ) {
    this.q = {
      // A new key, or an unfinished take whose lease lapsed, is taken.
      take: db.prepare(
        `INSERT INTO delivery (key, at, owner, lease_until, kind, work) VALUES (@key, @at, @owner, @until, @kind, @work)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until,
           kind = COALESCE(excluded.kind, delivery.kind), work = COALESCE(excluded.work, delivery.work)
         WHERE delivery.done = 0 AND delivery.lease_until <= excluded.at`,
      ),
      finish: db.prepare('UPDATE delivery SET done = 1 WHERE key = ?'),
      renew: db.prepare('UPDATE delivery SET lease_until = @until WHERE owner = @owner AND done = 0'),
      // One statement on the one writer: a lapsed take is claimed by exactly one process.
      claim: db.prepare(
        `UPDATE delivery SET owner = @owner, lease_until = @until
         WHERE key IN (SELECT key FROM delivery
                       WHERE done = 0 AND kind IN (SELECT value FROM json_each(@kinds)) AND lease_until <= @at AND at >= @since
                       ORDER BY at LIMIT @limit)
         RETURNING key, at, kind, work`,
      ),
      forget: db.prepare('DELETE FROM delivery WHERE at < ?'),
    };
  }

  async firstDelivery(key: string, at: number, work?: PendingWork): Promise<boolean> {
    try {
      const first =
        this.q.take.run({ key, at, owner: this.owner, until: at + DELIVERY_TAKE_LEASE_MS, kind: work?.kind ?? null, work: work?.data ?? null }).changes === 1;
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

  async renew(at: number): Promise<void> {
    try {
      this.q.renew.run({ owner: this.owner, until: at + DELIVERY_TAKE_LEASE_MS });
    } catch (error) {
      throw describeDbError(this.file, 'Could not renew pending work in', error);
    }
  }

  async claimLapsed(at: number, kinds: readonly string[], since: number, limit: number): Promise<ClaimedWork[]> {
    if (kinds.length === 0) return [];
    try {
      const rows = this.q.claim.all({ owner: this.owner, until: at + DELIVERY_TAKE_LEASE_MS, kinds: JSON.stringify(kinds), at, since, limit }) as {
        key: string;
        at: number;
        kind: string;
        work: string | null;
      }[];
      return rows.map((r) => ({ key: r.key, at: r.at, kind: r.kind, data: r.work ?? '' }));
    } catch (error) {
      throw describeDbError(this.file, 'Could not claim pending work in', error);
    }
  }
}
