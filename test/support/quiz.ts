import { openDatabase, type Db } from '../../adapters/sqlite/database.js';
import { SqliteQuizStore } from '../../adapters/sqlite/sqlite-quiz-store.js';
import { loadQuizFiles } from '../../src/knowledge/load-knowledge.js';
import { buildQuestionBank, type QuestionBank } from '../../src/quiz/question-bank.js';
import { Quiz, type QuizDeps } from '../../src/quiz/quiz-service.js';
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
export async function testQuiz(options: { file?: string; clock?: TestClock; deps?: Partial<QuizDeps>; db?: Db } = {}) {
  const clock = options.clock ?? new TestClock(Date.parse('2026-11-30T09:00:00Z'));
  const db = options.db ?? openDatabase(options.file ?? ':memory:');
  const store = new SqliteQuizStore(db);
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
