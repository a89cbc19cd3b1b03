import type { Knowledge } from '../knowledge/section.js';
import { generateQuestions } from './generate-questions.js';
import { parseHandWritten } from './hand-written.js';
import type { QuizQuestion } from './quiz-question.js';
import { shuffled } from './seeded.js';

export interface QuizFile {
  readonly source: string;
  readonly text: string;
}

export interface QuestionBank {
  readonly questions: readonly QuizQuestion[];
  /** Hand-written questions that break a rule, by file and heading. */
  readonly problems: readonly string[];
  get(id: string): QuizQuestion | undefined;
}

/** Every question the quiz can ask: hand-written first, then generated from the notes. */
export function buildQuestionBank(knowledge: Knowledge, quizFiles: readonly QuizFile[]): QuestionBank {
  const written = quizFiles.map((file) => parseHandWritten(file.text, file.source, knowledge.sections));
  const questions = [...written.flatMap((w) => w.questions), ...generateQuestions(knowledge)];
  const byId = new Map(questions.map((q) => [q.id, q]));
  return { questions, problems: written.flatMap((w) => w.problems), get: (id) => byId.get(id) };
}

/** `count` questions in an order fixed by `seed`. */
export function pickQuestions(bank: QuestionBank, count: number, seed: string | number): QuizQuestion[] {
  return shuffled(bank.questions, seed).slice(0, Math.max(0, count));
}

/**
 * The next question for a channel: its own repeatable order through the bank,
 * skipping what it has had, and starting over once everything has been asked.
 */
export function nextQuestion(bank: QuestionBank, channelKey: string, asked: ReadonlySet<string>): QuizQuestion | null {
  const order = shuffled(bank.questions, channelKey);
  return order.find((q) => !asked.has(q.id)) ?? order[0] ?? null;
}
