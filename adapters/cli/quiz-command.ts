import { randomInt } from 'node:crypto';
import { loadQuizFiles } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import { buildQuestionBank, pickQuestions } from '../../src/quiz/question-bank.js';
import type { QuizQuestion } from '../../src/quiz/quiz-question.js';
import { LETTERS } from '../../src/quiz/quiz-replies.js';
import type { CliIo } from './cli-io.js';

/** The `wharfie quiz --json` contract: exactly these fields, in this order. */
export function questionJson(q: QuizQuestion) {
  return { id: q.id, question: q.question, choices: [...q.choices], answer: q.answer, explanation: q.explanation, trail: [...q.trail], source: q.source };
}

/** `wharfie quiz [--json] [--count N] [--seed S]`: questions from the bank, as JSON or for reading. */
export async function quizCommand(knowledge: Knowledge, options: { json: boolean; count: number; seed?: string }, io: CliIo): Promise<number> {
  const { files, problems } = await loadQuizFiles(knowledge.packs);
  const bank = buildQuestionBank(knowledge, files);
  for (const problem of [...problems.map((p) => `${p.pack}/${p.source}: ${p.message}`), ...bank.problems]) io.stderr.write(`wharfie: quiz question skipped: ${problem}\n`);
  const seed = options.seed ?? String(randomInt(2 ** 31));
  const questions = pickQuestions(bank, options.count, /^-?\d+$/.test(seed) ? Number(seed) : seed);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(questions.map(questionJson), null, 2)}\n`);
  } else {
    for (const [i, q] of questions.entries()) {
      io.stdout.write(`${i + 1}. ${q.question}\n${q.choices.map((c, j) => `   ${LETTERS[j]}) ${c}`).join('\n')}\n   answer: ${q.answer}\n   ${q.explanation}\n\n`);
    }
  }
  return 0;
}
