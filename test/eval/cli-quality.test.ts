import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, readQuestions } from '../../bench/eval.js';
import { answerJson } from '../../src/answer/answer-json.js';
import { answerQuestion } from '../../src/answer/compose-answer.js';
import { readChatSet, scoreChatSet } from '../../bench/chat-set.js';
import { cliKnowledge, HAVE_CLI_DOCS, withReference } from '../support/cli-docs.js';
import { notesKnowledge, ROOT } from '../support/notes.js';

const ask = async (q: string) => answerJson(answerQuestion((await cliKnowledge()).index, q));

describe.runIf(HAVE_CLI_DOCS)('the Docker CLI reference as knowledge', () => {
  it('meets the bar on our question set: top-1 ≥ 80%, top-3 ≥ 95%, fact ≥ 80%', async () => {
    const questions = readQuestions(path.join(ROOT, 'test', 'eval', 'cli-reference-questions.json'));
    expect(questions.length).toBeGreaterThanOrEqual(40);
    const report = evaluate('cli', await cliKnowledge(), questions);
    expect(report.top1, report.misses.join('\n')).toBeGreaterThanOrEqual(0.8);
    expect(report.top3).toBeGreaterThanOrEqual(0.95);
    expect(report.fact).toBeGreaterThanOrEqual(0.8);
  });

  it('generalises to paraphrases written later in other words (a floor against regressions)', async () => {
    const report = evaluate('cli paraphrases', await cliKnowledge(), readQuestions(path.join(ROOT, 'test', 'eval', 'cli-reference-paraphrases.json')));
    expect(report.top1, report.misses.join('\n')).toBeGreaterThanOrEqual(0.8);
    expect(report.top3).toBeGreaterThanOrEqual(0.88);
  });

  it('as the fallback beside the notes, refuses the off-topic messages of the fresh sets as the notes alone do (measured 20, 19 and 20 of 20)', async () => {
    const knowledge = await withReference((await notesKnowledge()).knowledge);
    const floors = { 'chat-fresh-questions.json': 18, 'chat-fresh-2-questions.json': 17, 'chat-fresh-3-questions.json': 18 };
    for (const [file, floor] of Object.entries(floors)) {
      const report = scoreChatSet(readChatSet(path.join(ROOT, 'test', 'eval', file)), knowledge.index, knowledge.reference, 'reference');
      expect(report.offTopic, file).toBe(20);
      expect(report.refused, `${file}\n${report.misses.filter((m) => m.startsWith('OFF')).join('\n')}`).toBeGreaterThanOrEqual(floor);
    }
  });

  it('strips <a name> anchors from headings and never shows generator markers or comments', async () => {
    const json = await ask('what does --read-only do');
    expect(json.answer?.title).toBe('Mount volume read-only (--read-only)');
    expect(json.answer?.text).not.toMatch(/<a name|MARKER_GEN|<!--/);
    expect(json.answer?.text).toContain('read only');
  });

  it('answers a flag documented only in an options table with its row', async () => {
    const json = await ask('what does --oom-score-adj do');
    expect(json.answer?.text).toMatch(/--oom-score-adj.*OOM preferences/);
    expect(json.answer!.text.length).toBeLessThan(400);
  });

  it('leads an answer from deep in a page with the page\'s one-line summary', async () => {
    const json = await ask('stop a container with a timeout');
    expect(json.answer?.source).toMatch(/stop\.md$/);
    // A reference page answers as a command card: the command first, then what it does.
    expect(json.answer?.text.split('\n')[0]).toBe('`docker container stop` — Stop one or more running containers');
  });

  it('lists an alias page\'s duplicate content once', async () => {
    const json = await ask('docker rm');
    const texts = json.results.map((r) => `${r.title}|${r.source}`);
    expect(json.results.filter((r) => r.title === 'Aliases' && /(^|\/)(rm|container_rm)\.md$/.test(r.source)).length).toBeLessThanOrEqual(1);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('links every page to where docs.docker.com serves it: by command, alias pages to their command', async () => {
    const knowledge = await cliKnowledge();
    const find = (source: string, title?: string) =>
      knowledge.index.sections.find((s) => s.source === source && (title === undefined ? s.depth === 1 : s.title.startsWith(title)))!;
    const base = 'https://docs.docker.com/reference/cli/docker/';
    expect(knowledge.url(find('container_run.md', 'Mount volume read-only'))).toBe(`${base}container/run/#read-only`);
    expect(knowledge.url(find('container_run.md'))).toBe(`${base}container/run/`);
    expect(knowledge.url(find('run.md'))).toBe(`${base}container/run/`);
    expect(knowledge.url(find('images.md'))).toBe(`${base}image/ls/`);
    expect(knowledge.url(find('swarm_join-token.md'))).toBe(`${base}swarm/join-token/`);
    expect(knowledge.url(find('login.md'))).toBe(`${base}login/`);
    expect(knowledge.url(find('docker.md'))).toBe(base);
  });
});
