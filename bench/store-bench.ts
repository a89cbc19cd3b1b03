/**
 * Quiz answers per second on each state store: SQLite (a file, the default)
 * and PostgreSQL (WHARFIE_BENCH_DATABASE_URL or WHARFIE_TEST_DATABASE_URL, in
 * a schema made for the run and dropped after). Answers go through the store's
 * recordAnswer (one transaction each: the post's row checked, the answer
 * inserted), one at a time and with 16 in flight, as replicas' users would.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openStores, type Stores } from '../adapters/app/open-stores.js';
import { percentile } from './answers-bench.js';

const ANSWERS = 2_000;
const question = { id: 'bench', question: 'Which flag?', choices: ['-a', '-b', '-c', '-d'], answer: '-a', explanation: '', trail: ['Bench'], source: 'bench.md' };

async function answersPerSecond(stores: Stores, inFlight: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const now = Date.now();
  const postId = `bench-${randomBytes(4).toString('hex')}`;
  await stores.quiz.createPost({
    platform: 'slack', channelId: 'CBENCH', id: postId, question: question as never, postedAt: now, closesAt: now + 3_600_000,
    slot: null, confirmedAt: now, abandonedAt: null, closedAt: null, revealedAt: null, revealAbandonedAt: null,
  });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < ANSWERS) {
        const i = next++;
        const t = performance.now();
        const outcome = await stores.quiz.recordAnswer({ postId, userId: `slack:U${i}`, userName: null, choice: i % 4, correct: i % 4 === 0, answeredAt: now + 1 });
        if (outcome !== 'recorded') throw new Error(`answer ${i} was ${outcome}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: ANSWERS / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function report(name: string, stores: Stores): Promise<void> {
  for (const inFlight of [1, 16]) {
    const r = await answersPerSecond(stores, inFlight);
    console.log(`${name.padEnd(10)} ${String(inFlight).padStart(2)} in flight: ${Math.round(r.perSecond).toString().padStart(6)} answers/s  (p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms)`);
  }
}

export async function benchStores(): Promise<void> {
  console.log(`quiz answers recorded, ${ANSWERS} per run, distinct users, one post`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-bench-'));
  try {
    const sqlite = await openStores({ WHARFIE_DB: path.join(dir, 'bench.db'), WHARFIE_DATABASE_URL: undefined, WHARFIE_DATABASE_TIMEOUT_MS: 5000 });
    await report('SQLite', sqlite).finally(() => sqlite.close());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const url = process.env.WHARFIE_BENCH_DATABASE_URL ?? process.env.WHARFIE_TEST_DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL: skipped (set WHARFIE_BENCH_DATABASE_URL; .ci/run exports WHARFIE_TEST_DATABASE_URL)');
    return;
  }
  const schema = `wharfie_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const postgres = await openStores({ WHARFIE_DB: ':memory:', WHARFIE_DATABASE_URL: scoped.toString(), WHARFIE_DATABASE_TIMEOUT_MS: 5000 });
    await report('PostgreSQL', postgres).finally(() => postgres.close());
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}
