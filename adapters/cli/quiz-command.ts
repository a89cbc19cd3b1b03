import { randomInt } from 'node:crypto';
import { loadQuizFiles } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import { lintGeneratedQuestions } from '../../src/quiz/generate-questions.js';
import { buildQuestionBank, factOf, pickQuestions } from '../../src/quiz/question-bank.js';
import type { QuizQuestion } from '../../src/quiz/quiz-question.js';
import { LETTERS } from '../../src/quiz/quiz-replies.js';
import type { CliIo } from './cli-io.js';
import { dockerCliPagePaths, sectionUrl } from '../../src/knowledge-base.js';

/**
 * The `wharfie quiz --json` contract: these fields in this order; later ones are added, never renamed or dropped.
 * `link`: where the note or reference page lives online, when its folder has a base URL (null otherwise).
 */
export function questionJson(q: QuizQuestion, link: string | null = null) {
  return { id: q.id, question: q.question, choices: [...q.choices], answer: q.answer, explanation: q.explanation, trail: [...q.trail], source: q.source, kind: q.kind, fact: factOf(q), link };
}

/** The link of each question's section, by its source and heading trail. */
function linksFor(knowledge: Knowledge): (q: QuizQuestion) => string | null {
  const pagePaths = dockerCliPagePaths(knowledge);
  const packs = new Map(knowledge.packs.map((p) => [p.name, p]));
  const sections = new Map(knowledge.sections.map((s) => [`${s.source}\u0000${s.trail.join('\u0000')}`, s]));
  return (q) => {
    const section = sections.get(`${q.source}\u0000${q.trail.join('\u0000')}`);
    return (section && sectionUrl(packs.get(section.pack), section, pagePaths)) ?? null;
  };
}

/** `wharfie quiz [--json] [--count N] [--seed S]`: questions from the bank, as JSON or for reading. */
export async function quizCommand(knowledge: Knowledge, options: { json: boolean; count: number; seed?: string }, io: CliIo): Promise<number> {
  const { files, problems } = await loadQuizFiles(knowledge.packs);
  const bank = buildQuestionBank(knowledge, files);
  for (const problem of [...problems.map((p) => `${p.pack}/${p.source}: ${p.message}`), ...bank.problems]) io.stderr.write(`wharfie: quiz question skipped: ${problem}\n`);
  const seed = options.seed ?? String(randomInt(2 ** 31));
  const questions = pickQuestions(bank, options.count, /^-?\d+$/.test(seed) ? Number(seed) : seed);
  if (options.json) {
    const linkOf = linksFor(knowledge);
    io.stdout.write(`${JSON.stringify(questions.map((q) => questionJson(q, linkOf(q))), null, 2)}\n`);
  } else {
    for (const [i, q] of questions.entries()) {
      io.stdout.write(`${i + 1}. ${q.question}\n${q.choices.map((c, j) => `   ${LETTERS[j]}) ${c}`).join('\n')}\n   answer: ${q.answer}\n   ${q.explanation}\n   (${q.trail.join(' › ')}, ${q.source})\n\n`);
    }
  }
  return 0;
}

/**
 * `wharfie quiz lint`: every generated question held back by the checks, with
 * the reason, and hand-written ones that break a rule. Exit 1 only for a
 * broken hand-written question: a held-back generated one is the gate working.
 */
export async function quizLintCommand(knowledge: Knowledge, options: { json: boolean }, io: CliIo): Promise<number> {
  const { files, problems } = await loadQuizFiles(knowledge.packs);
  const bank = buildQuestionBank(knowledge, files);
  const { questions, rejected } = lintGeneratedQuestions(knowledge);
  const handWritten = [...problems.map((p) => `${p.pack}/${p.source}: ${p.message}`), ...bank.problems];
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ kept: questions.length, rejected, handWritten }, null, 2)}\n`);
  } else {
    for (const r of rejected) {
      io.stdout.write(`rejected ${r.source} (${r.trail.join(' › ')}) ${r.kind} about ${r.subject}${r.question ? `: ${r.question}` : ''}\n  ${r.problems.join('\n  ')}\n`);
    }
    for (const p of handWritten) io.stdout.write(`error    ${p}\n`);
    io.stdout.write(`${questions.length} generated questions kept, ${rejected.length} rejected; ${bank.questions.length - questions.length} hand-written kept, ${handWritten.length} broken\n`);
  }
  return handWritten.length > 0 ? 1 : 0;
}
