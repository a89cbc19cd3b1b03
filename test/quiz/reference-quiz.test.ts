import { describe, expect, it } from 'vitest';
import { echoesCommand, lintGeneratedQuestions } from '../../src/quiz/generate-questions.js';
import { echoes } from '../../src/quiz/help-text.js';
import { buildQuestionBank, factOf, pickQuestions } from '../../src/quiz/question-bank.js';
import { drawProblems, namedGiveaways, problemsWith, type QuizQuestion } from '../../src/quiz/quiz-question.js';
import { cliKnowledge } from '../support/cli-docs.js';

/** Issue 15: 40-question draws from the Docker CLI reference, and the question kinds and fixes that make them possible. */

const referenceBank = async () => buildQuestionBank((await cliKnowledge()).knowledge, []);

describe('a 40-question draw from the reference', () => {
  it.each([1, 2, 3])('with seed %i gives 40 different facts, each passing every check', async (seed) => {
    const draw = pickQuestions(await referenceBank(), 40, seed);
    expect(draw).toHaveLength(40);
    for (const q of draw) {
      expect(problemsWith(q), q.question).toEqual([]);
      expect(q.question).not.toMatch(/which (topic|section|heading|note)\b/i);
      expect(new Set(q.choices).size, q.question).toBe(4);
      expect(q.choices.filter((c) => c === q.answer), q.question).toHaveLength(1);
      expect(q.source.length * q.trail.length, q.question).toBeGreaterThan(0);
    }
    expect(new Set(draw.map(factOf)).size).toBe(40);
    expect(drawProblems(draw)).toEqual([]);
  }, 60_000);
});

describe('stand-ins: the same question with other wrong choices', () => {
  it('keeps its prompt, answer, explanation and fact, passes the same checks, and is answered by its own id', async () => {
    const bank = await referenceBank();
    const alternatives = bank.alternatives ?? [];
    expect(alternatives.length).toBeGreaterThan(bank.questions.length);
    const byPrompt = new Map(bank.questions.map((q) => [`${q.kind}\u0000${q.question}`, q]));
    for (const alt of alternatives) {
      const first = byPrompt.get(`${alt.kind}\u0000${alt.question}`);
      expect(first, alt.question).toBeDefined();
      expect([alt.answer, alt.explanation, alt.fact]).toEqual([first!.answer, first!.explanation, first!.fact]);
      expect(alt.choices.filter((c) => c !== alt.answer)).not.toEqual(first!.choices.filter((c) => c !== first!.answer));
      expect(problemsWith(alt), alt.question).toEqual([]);
      expect(bank.get(alt.id)).toBe(alt);
    }
  }, 60_000);
});

describe('a shared prefix is not an echo', () => {
  it('keeps "Which command creates a new image from a container\'s changes?" → `docker commit`', async () => {
    expect(echoes('command', 'commit')).toBe(false);
    expect(echoes('storage', 'store')).toBe(false);
    // What still echoes: a stem, a whole word at the start, a root under a prefix.
    for (const [a, b] of [['workdir', 'working'], ['hostname', 'host'], ['internal', 'external'], ['kills', 'kill']]) expect(echoes(a!, b!), `${a}/${b}`).toBe(true);
    const { questions } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    expect(questions.find((q) => q.question === "Which command creates a new image from a container's changes?")?.answer).toBe('`docker commit`');
  }, 60_000);
});

describe('short-for: which object a top-level command acts on', () => {
  it('asks `docker rmi`, `docker rm` and `docker ps` among the same verb on the other objects', async () => {
    const { questions, rejected } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    const shortFor = questions.filter((q) => q.kind === 'short-for');
    const asked = new Map(shortFor.map((q) => [q.question, q]));
    expect(asked.get('`docker rmi` is short for which command?')?.answer).toBe('`docker image rm`');
    expect(asked.get('`docker rm` is short for which command?')?.answer).toBe('`docker container rm`');
    expect(asked.get('`docker ps` is short for which command?')?.answer).toBe('`docker container ls`');
    for (const q of shortFor) {
      // Every choice has the answer's verb, and none is another name of the command asked about.
      const verb = q.answer.replace(/`/g, '').split(' ')[2]!;
      for (const c of q.choices) expect(c.replace(/`/g, '').split(' ')[2], q.question).toBe(verb);
      expect(q.explanation, q.question).toMatch(/For example: `docker/);
    }
    // `docker images` says "image": held back, with the reason.
    expect(rejected.find((r) => r.kind === 'short-for' && /docker images/.test(r.subject))?.problems.join(' ')).toMatch(/spells out "image"/);
  }, 60_000);
});

describe('options asked by what they do, wrong meanings from the command group', () => {
  const base = { id: 'x', trail: ['cp', 'Options'], source: 'container_cp.md', explanation: 'x. For example: `docker cp -q a b`', kind: 'flag' as const };

  it('holds back an answer that alone names the command (or a synonym of it)', () => {
    const cp: QuizQuestion = { ...base, question: 'What does `-q` do in `docker cp`?', answer: 'Suppress progress output during copy', choices: ['Suppress progress output during copy', 'Assign a name to the container', 'Set the memory limit', 'Mount a tmpfs directory'] };
    expect(echoesCommand(cp, { command: 'docker cp' }).join(' ')).toMatch(/only the answer names the command `docker cp`: "copy"/);
    // A wrong choice that names it too: the word points at no one choice.
    expect(echoesCommand({ ...cp, choices: [...cp.choices.slice(0, 3), 'Always follow symlinks when you copy'] }, { command: 'docker cp' })).toEqual([]);
    const pull: QuizQuestion = { ...base, question: 'What does `-a` do in `docker pull`?', answer: 'Download all tagged images in the repository', choices: ['Download all tagged images in the repository', 'Write to a file, instead of STDOUT', 'Load only the given platform', 'Do not prompt for confirmation'] };
    expect(echoesCommand(pull, { command: 'docker pull' }).join(' ')).toMatch(/download/);
  });

  it('asks options of commands with few of their own (`docker rm -f`, `docker logs -t`), never against the same option elsewhere', async () => {
    const { questions } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    const rmForce = questions.find((q) => q.question === 'What does `-f` do in `docker rm`?');
    expect(rmForce?.answer).toBe('Force the removal of a running container');
    // Never "Do not prompt for confirmation" (`--force` (`-f`) of the prunes): same name and letter.
    expect(rmForce?.choices).not.toContain('Do not prompt for confirmation');
    expect(questions.find((q) => q.question === 'What does `-t` do in `docker logs`?')?.answer).toBe('Show timestamps');
  }, 60_000);

  it('holds back "extended permissions" → `--privileged` asked either way', async () => {
    const q: QuizQuestion = { ...base, kind: 'which-flag', question: 'Which option of `docker exec` gives extended permissions to the command?', answer: '`--privileged`', choices: ['`--privileged`', '`--env` (`-e`)', '`--user` (`-u`)', '`--detach` (`-d`)'] };
    expect(namedGiveaways(q).join(' ')).toMatch(/privileges are permissions/);
    const { questions } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    expect(questions.filter((x) => /extended permissions/.test(x.question))).toEqual([]);
  }, 60_000);
});

describe('option explanations that add something', () => {
  it('use the option\'s own paragraph when it names the option inside a command, else say what the command does', async () => {
    const { questions } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    const explanation = (question: string): string => questions.find((q) => q.question === question)?.explanation ?? '';
    // "The `docker logs --timestamps` command will add an RFC3339Nano timestamp…": the link's line break leaves no " ,".
    expect(explanation('What does `-t` do in `docker logs`?')).toMatch(/RFC3339Nano timestamp, for example/);
    // `docker start --interactive` has neither a paragraph nor an example: what `docker start` does is the context.
    expect(explanation('What does `-i` do in `docker start`?')).toMatch(/`docker start` starts stopped containers\.$/);
  }, 60_000);
});
