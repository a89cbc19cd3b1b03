import { describe, expect, it } from 'vitest';
import { letterCues, lintGeneratedQuestions } from '../../src/quiz/generate-questions.js';
import { extractFacts } from '../../src/quiz/facts.js';
import { buildQuestionBank } from '../../src/quiz/question-bank.js';
import { crossTalk, type QuizQuestion } from '../../src/quiz/quiz-question.js';
import { cliKnowledge } from '../support/cli-docs.js';
import { notesKnowledge } from '../support/notes.js';

/** Issue 15, fourth review: the patterns behind the rejected reference and notes questions, each held back or fixed. */

describe('a letter or long name that points at the answer', () => {
  it('finds the cue in any word of a choice: hyphenated, compound, or holding the long name', () => {
    expect(letterCues('-t', '--tty', 'Allocate a pseudo-TTY')).toContain('tty');
    expect(letterCues('-f', '--force', 'Force the removal of a running container')).toContain('force');
    expect(letterCues('-a', '--all', 'Show all containers')).toContain('all');
    expect(letterCues('-L', '--follow-link', 'Always follow symlinks in SRC_PATH')).toEqual(expect.arrayContaining(['follow', 'symlinks']));
    // Words that carry no meaning are no cue: "from" for `-f`, "if" for `-i`.
    expect(letterCues('-f', '--quiet', 'Read from a tar archive')).toEqual([]);
    expect(letterCues('-i', '--interactive', 'Keep STDIN open even if not attached')).toEqual([]);
  });

  it('holds back `-s` of `docker ps` ("sizes"), with the reason, and asks `-d` of `docker network create` only among d-words', async () => {
    const { questions, rejected } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    const why = (subject: string): string => rejected.filter((r) => r.kind === 'flag' && r.subject === subject).flatMap((r) => r.problems).join(' ');
    expect(why('`--size` (`-s`) of `docker ps`')).toMatch(/asked by `-s`, the letter gives it away/);
    // "Set the driver to manage the network" beside "Set driver specific options" and "…disable IPv4…": the letter points at three.
    const driver = questions.find((q) => q.question === 'What does `-d` do in `docker network create`?');
    if (driver) expect(driver.choices.filter((c) => c !== driver.answer && letterCues('-d', '--driver', c).length > 0).length).toBeGreaterThanOrEqual(2);
    else expect(why('`--driver` (`-d`) of `docker network create`')).toMatch(/asked by `-d`, the letter gives it away/);
  }, 60_000);

  it('asks a long name that restates its answer only among wrong choices that say the name too, else holds it back', async () => {
    const { questions, rejected } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    // "Assign a name to the container" beside "Set the username or UID" and "Set the container NIS domain name".
    const name = questions.find((q) => q.question === 'What does `--name` do in `docker run`?');
    expect(name?.answer).toBe('Assign a name to the container');
    expect(name!.choices.filter((c) => c !== name!.answer && /name/i.test(c)).length).toBeGreaterThanOrEqual(2);
    // `--restart` → "Restart policy…": no other option of `docker run` says "restart".
    const why = (subject: string): string => rejected.filter((r) => r.kind === 'flag' && r.subject === subject).flatMap((r) => r.problems).join(' ');
    expect(why('`--restart` of `docker run`')).toMatch(/restates the answer \("restart"\) and fewer than 2 wrong choices say it too/);
    // `--add-host` → "Add a custom host-to-IP mapping": wrong choices with "add" or with "host" are not enough, the one
    // with both would still be the answer.
    expect(why('`--add-host` of `docker run`')).toMatch(/fewer than 2 wrong choices say it too/);
  }, 60_000);
});

describe('wrong commands that do the same kind of thing', () => {
  it('holds back "Which command removes unused images?" when only `history` and `ls` are left beside `rm`', async () => {
    const { questions, rejected } = lintGeneratedQuestions((await cliKnowledge()).knowledge);
    expect(questions.some((q) => q.question === 'Which command removes unused images?')).toBe(false);
    expect(rejected.find((r) => r.kind === 'which-command' && r.subject === '`docker image prune`')?.problems.join(' ')).toMatch(/remove or stop something/);
    expect(rejected.find((r) => r.kind === 'which-command' && r.subject === '`docker volume inspect`')?.problems.join(' ')).toMatch(/list or show something/);
    // Kept: a remove question among other ways to remove or stop.
    const prune = questions.find((q) => q.question === 'Which command removes all stopped containers?');
    expect(prune?.choices.filter((c) => /`docker (container )?(rm|kill|stop|pause)`/.test(c)).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('two wrong choices that are one option in other words', () => {
  it('never offers the same setting of two sibling commands (`--timeout` of `docker stop`, `--stop-timeout` of `docker run`)', async () => {
    const knowledge = (await cliKnowledge()).knowledge;
    const { questions } = lintGeneratedQuestions(knowledge);
    const facts = extractFacts(knowledge).filter((f) => f.kind === 'flag');
    const names = (c: string): string[] => facts.filter((f) => f.meaning === c).map((f) => f.subject.replace(/^--/, ''));
    for (const q of questions.filter((x) => x.kind === 'flag')) {
      const wrong = q.choices.filter((c) => c !== q.answer).map(names);
      for (const [i, a] of wrong.entries()) {
        for (const b of wrong.slice(i + 1)) {
          const same = a.some((x) => b.some((y) => x === y || x.endsWith(`-${y}`) || y.endsWith(`-${x}`)));
          expect(same, `${q.question}: ${a} / ${b}`).toBe(false);
        }
      }
    }
  }, 60_000);
});

describe('one fact told twice in a draw', () => {
  it('pairs no question whose choices say what another asks of the command it names', () => {
    const base = { trail: ['load'], source: 'image_load.md', explanation: 'x.' };
    const option: QuizQuestion = { ...base, id: 'a', kind: 'flag', question: 'What does `-i` do in `docker load`?', answer: 'Read from a tar archive file, instead of STDIN', choices: ['Read from a tar archive file, instead of STDIN', 'Load only the given platform', 'Suppress the load output', 'Write to a file, instead of STDOUT'] };
    const command: QuizQuestion = { ...base, id: 'b', kind: 'which-command', question: 'Which command reads an image from a tar archive or STDIN?', answer: '`docker load`', choices: ['`docker load`', '`docker export`', '`docker build`', '`docker tag`'] };
    expect(crossTalk(option, command)).toMatch(/names `docker load` and a choice says what the other asks of it/);
    // About another command, the same words tell nothing.
    expect(crossTalk({ ...option, question: 'What does `-i` do in `docker import`?' }, command)).toBeNull();
  });

  it('pairs no question whose explanation fills in another\'s blank', () => {
    const base = { trail: ['Docker Images'], source: 'day-1.md', kind: 'cloze' as const };
    const ps: QuizQuestion = { ...base, id: 'a', question: 'Fill in the blank: `docker ___` lists containers.', answer: '`ps`', choices: ['`ps`', '`rm`', '`exec`', '`start`'], explanation: '`docker ps` lists containers. `docker ps -aq` gets all the container IDs on your system.' };
    const aq: QuizQuestion = { ...base, id: 'b', question: 'Fill in the blank: `docker ps ___` gets all the container IDs on your system.', answer: '`-aq`', choices: ['`-aq`', '`-l`', '`-n`', '`-s`'], explanation: 'x.' };
    expect(crossTalk(ps, aq)).toMatch(/the explanation of one gives the answer of the other/);
    expect(crossTalk(ps, { ...aq, answer: '`-q`', choices: ['`-q`', '`-l`', '`-n`', '`-s`'] })).toBeNull();
  });

  it('pairs no two questions about one command where one\'s explanation states the other\'s answer', () => {
    const base = { trail: ['ps'], source: 'container_ls.md' };
    const does: QuizQuestion = { ...base, id: 'a', kind: 'command', question: 'What does `docker ps` do?', answer: 'List containers', choices: ['List containers', 'Restart containers', 'Stop running containers', 'Show details of containers'], explanation: '`docker ps` (also `docker container ls`) lists containers.' };
    const shortFor: QuizQuestion = { ...base, id: 'b', kind: 'short-for', question: '`docker ps` is short for which command?', answer: '`docker container ls`', choices: ['`docker container ls`', '`docker image ls`', '`docker volume ls`', '`docker network ls`'], explanation: '`docker ps` (also `docker container ls`) lists containers.' };
    expect(crossTalk(does, shortFor)).toMatch(/explanation of one states the answer of the other/);
    expect(crossTalk(shortFor, does)).toMatch(/explanation of one states the answer of the other/);
  });
});

describe('generated questions from the notes', () => {
  it('explain in clean sentences, and ask `docker ps -aq` by its flags or not at all', async () => {
    const knowledge = (await notesKnowledge()).knowledge;
    const { questions, rejected } = lintGeneratedQuestions(knowledge);
    for (const q of questions) expect(q.explanation, q.question).not.toMatch(/\bthey('re)?\b|\bnote that\b/i);
    expect(questions.some((q) => q.question === 'What does `docker ps -aq` do?')).toBe(false);
    expect(rejected.find((r) => r.kind === 'command' && r.subject === '`docker ps -aq`')?.problems.join(' ')).toMatch(/asked for its flags/);
    // The bank as the bot builds it keeps the same rules.
    const bank = buildQuestionBank(knowledge, []);
    expect(bank.questions.every((q) => !/They're running a command/.test(q.explanation))).toBe(true);
  }, 60_000);
});
