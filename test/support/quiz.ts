import { QuizScheduler, type ChannelPoster } from '../../adapters/quiz/quiz-scheduler.js';
import { openDatabase, type Db } from '../../adapters/sqlite/database.js';
import { SqliteQuizStore, type SqliteQuizStoreOptions } from '../../adapters/sqlite/sqlite-quiz-store.js';
import { loadQuizFiles } from '../../src/knowledge/load-knowledge.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { buildQuestionBank, type QuestionBank } from '../../src/quiz/question-bank.js';
import { Quiz, type QuizDeps } from '../../src/quiz/quiz-service.js';
import type { Reply } from '../../src/reply.js';
import { notesKnowledge } from './notes.js';

let bank: Promise<QuestionBank> | undefined;
export function notesQuestionBank(): Promise<QuestionBank> {
  bank ??= notesKnowledge().then(async (k) => buildQuestionBank(k.knowledge, (await loadQuizFiles(k.knowledge.packs)).files));
  return bank;
}

/** A clock a test moves by hand. */
export class TestClock {
  constructor(private ms: number) {}
  now = (): Date => new Date(this.ms);
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(minutes: number): void {
    this.ms += minutes * 60_000;
  }
}

/** The real quiz over the real SQLite store (a file or :memory:), with a clock the test controls. */
export async function testQuiz(options: { file?: string; clock?: TestClock; deps?: Partial<QuizDeps>; db?: Db; store?: SqliteQuizStoreOptions } = {}) {
  const clock = options.clock ?? new TestClock(Date.parse('2026-11-30T09:00:00Z'));
  const db = options.db ?? openDatabase(options.file ?? ':memory:');
  const store = new SqliteQuizStore(db, options.store);
  let id = 0;
  const questions = await notesQuestionBank();
  const quiz = new Quiz({
    store,
    bank: () => questions,
    now: clock.now,
    newId: () => `post${++id}${Math.random().toString(36).slice(2, 6)}`,
    windowMinutes: 0,
    onDemandCooldownMs: 10 * 60_000,
    ...options.deps,
  });
  return { quiz, store, db, clock, bank: questions };
}

/**
 * The scheduler as the bot runs it, for one platform. Without a poster it
 * posts into `posted` (all the terminal's poster does); retry pauses move the
 * test's clock instead of waiting.
 */
export function testScheduler(quiz: Quiz, options: { clock?: TestClock; platform?: string; poster?: ChannelPoster; log?: Logger; delaysMs?: readonly number[] } = {}) {
  const posted: { channelId: string; reply: Reply }[] = [];
  const poster: ChannelPoster = options.poster ?? (async (channelId, reply) => void posted.push({ channelId, reply }));
  const scheduler = new QuizScheduler({
    quiz,
    posters: new Map([[options.platform ?? 'slack', poster]]),
    log: options.log ?? silentLogger,
    retry: { delaysMs: options.delaysMs ?? [60_000, 120_000, 240_000], leaseMs: 60 * 60_000 },
    wait: async (ms) => options.clock?.advance(ms / 60_000),
  });
  return { scheduler, posted };
}
