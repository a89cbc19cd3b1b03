import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKnowledge, loadQuizFiles } from '../../src/knowledge/load-knowledge.js';
import { parseNote } from '../../src/knowledge/parse-note.js';
import { generateQuestions } from '../../src/quiz/generate-questions.js';
import { buildQuestionBank, pickQuestions } from '../../src/quiz/question-bank.js';
import { comparable, problemsWith, type QuizQuestion } from '../../src/quiz/quiz-question.js';
import { cliKnowledge, HAVE_CLI_DOCS } from '../support/cli-docs.js';
import { FIXTURES, NOTES_DIR, notesKnowledge } from '../support/notes.js';
import { runCli } from '../support/run-cli.js';

async function notesBank() {
  const knowledge = (await notesKnowledge()).knowledge;
  const { files } = await loadQuizFiles(knowledge.packs);
  return buildQuestionBank(knowledge, files);
}

function expectValid(question: QuizQuestion): void {
  expect(problemsWith(question), `${question.id}: ${question.question}`).toEqual([]);
  expect(question.choices).toHaveLength(4);
  expect(question.choices.filter((c) => c === question.answer)).toHaveLength(1);
  expect(new Set(question.choices.map(comparable)).size).toBe(4);
  expect(comparable(question.question)).not.toContain(comparable(question.answer));
}

describe('the question bank from the team\'s notes', () => {
  it('holds generated and hand-written questions, every one valid and traceable to its note', async () => {
    const bank = await notesBank();
    const knowledge = (await notesKnowledge()).knowledge;
    expect(bank.problems).toEqual([]);
    expect(bank.questions.length).toBeGreaterThanOrEqual(40);
    expect(new Set(bank.questions.map((q) => q.kind))).toEqual(new Set(['hand-written', 'command', 'which-command', 'flag', 'topic']));
    for (const question of bank.questions) {
      expectValid(question);
      expect(knowledge.sections.some((s) => s.source === question.source && s.trail.join('›') === question.trail.join('›'))).toBe(true);
    }
    expect(new Set(bank.questions.map((q) => q.id)).size).toBe(bank.questions.length);
  });

  it('draws distractors of the same kind: commands against commands, flags against flags', async () => {
    const bank = await notesBank();
    for (const q of bank.questions.filter((x) => x.kind === 'which-command')) expect(q.choices.every((c) => /^`docker /.test(c))).toBe(true);
    const flagMeanings = new Set(bank.questions.filter((x) => x.kind === 'flag').map((x) => x.answer));
    for (const q of bank.questions.filter((x) => x.kind === 'flag')) expect(q.choices.every((c) => flagMeanings.has(c) || c === q.answer)).toBe(true);
    const topics = new Set((await notesKnowledge()).knowledge.sections.map((s) => s.title));
    for (const q of bank.questions.filter((x) => x.kind === 'topic')) expect(q.choices.every((c) => topics.has(c))).toBe(true);
  });

  it('gives the same questions for the same seed, and different ones for another', async () => {
    const bank = await notesBank();
    expect(pickQuestions(bank, 10, 42).map((q) => q.id)).toEqual(pickQuestions(bank, 10, 42).map((q) => q.id));
    expect(pickQuestions(bank, 10, 42).map((q) => q.id)).not.toEqual(pickQuestions(bank, 10, 43).map((q) => q.id));
  });

  it.runIf(HAVE_CLI_DOCS)('stays valid over the Docker CLI reference (hundreds of option rows)', async () => {
    const questions = generateQuestions((await cliKnowledge()).knowledge);
    expect(questions.length).toBeGreaterThan(200);
    for (const question of questions) expectValid(question);
  });

  it('generates only valid questions from any notes (property)', () => {
    const word = fc.stringMatching(/^[a-z]{3,9}$/);
    const bullet = fc.oneof(
      fc.tuple(word, fc.array(word, { minLength: 2, maxLength: 8 })).map(([cmd, words]) => `- \`docker ${cmd}\` - ${words.join(' ')}`),
      fc.tuple(word, fc.array(word, { minLength: 2, maxLength: 6 })).map(([flag, words]) => `- --${flag} ${words.join(' ')}`),
      fc.array(word, { minLength: 8, maxLength: 20 }).map((words) => `- ${words.join(' ')}`),
    );
    const section = fc.tuple(word, fc.array(bullet, { minLength: 1, maxLength: 8 })).map(([title, bullets]) => `## ${title}\n\n${bullets.join('\n')}\n`);
    fc.assert(
      fc.property(fc.array(section, { minLength: 1, maxLength: 8 }), (sections) => {
        const text = `# Notes\n\n${sections.join('\n')}`;
        const knowledge = { packs: [], problems: [], fileCount: 1, sections: parseNote(text, { pack: 'p', source: 'n.md' }) };
        for (const question of generateQuestions(knowledge)) expectValid(question);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hand-written questions in knowledge/quiz/', () => {
  it('are checked one by one: a broken question is reported by file and heading, the good ones kept', async () => {
    const knowledge = await loadKnowledge([{ name: 'team', dir: path.join(FIXTURES, 'quiz-bad') }]);
    const { files } = await loadQuizFiles(knowledge.packs);
    const bank = buildQuestionBank(knowledge, files);
    expect(bank.problems).toEqual([
      'team/quiz/bad.md: "Two right answers?": mark exactly one choice [x] (found 2)',
      'team/quiz/bad.md: "Points nowhere": "Note: No › Such note" names no note (use the heading trail, like "Day 2 › Volumes")',
      'team/quiz/bad.md: "Only three choices": has 3 choices, not 4',
      'team/quiz/bad.md: "Which word keeps data: volumes?": the question gives the answer away',
    ]);
    expect(bank.questions.filter((q) => q.kind === 'hand-written')).toEqual([]);
  });

  it('ship with the notes, and all pass', async () => {
    const knowledge = await loadKnowledge([{ name: 'notes', dir: NOTES_DIR }]);
    const { files } = await loadQuizFiles(knowledge.packs);
    const bank = buildQuestionBank(knowledge, files);
    expect(bank.questions.filter((q) => q.kind === 'hand-written').length).toBe(8);
    expect(bank.problems).toEqual([]);
  });
});

describe('npx wharfie quiz --json', () => {
  it('prints N questions with exactly the documented fields, repeatably for a seed', async () => {
    const run = await runCli(['quiz', '--json', '--count', '7', '--seed', '11']);
    expect(run.code).toBe(0);
    const questions = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(questions).toHaveLength(7);
    for (const q of questions) {
      expect(Object.keys(q)).toEqual(['id', 'question', 'choices', 'answer', 'explanation', 'trail', 'source']);
      expect((q.choices as string[]).filter((c) => c === q.answer)).toHaveLength(1);
    }
    const again = JSON.parse((await runCli(['quiz', '--json', '--count', '7', '--seed', '11'])).stdout);
    expect(again).toEqual(questions);
  });
});
