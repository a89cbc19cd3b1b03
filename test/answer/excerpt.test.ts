import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerJson } from '../../src/answer/answer-json.js';
import { answerQuestion } from '../../src/answer/compose-answer.js';
import { EXCERPT_CHARS } from '../../src/answer/excerpt.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { DEFAULT_LEXICON } from '../../src/lexicon/default-lexicon.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { FIXTURES } from '../support/notes.js';

/** A small note with two long sections, so answers are cut, not shown whole. */
const sections = (await loadKnowledge([{ name: 'notes', dir: path.join(FIXTURES, 'excerpt-notes') }])).sections;
const index = SearchIndex.build(sections, { lexicon: DEFAULT_LEXICON });

function ask(question: string, section: string): string {
  const json = answerJson(answerQuestion(index, question));
  expect(json.answer?.title).toBe(section);
  const text = json.answer!.text;
  expect(text.length).toBeLessThanOrEqual(EXCERPT_CHARS);
  return text;
}

describe('an answer holds the line with the fact', () => {
  it('a how-to question about a flag gets the command line, even after a long first bullet', () => {
    const text = ask('how do I bolt a health check onto `docker run -d web` without touching the Dockerfile?', 'Health checks');
    expect(text).toContain('--health-cmd');
    // The opening line still says what the section is about.
    expect(text).toMatch(/^- A container that is running is not always a service that works/);
  });

  it('a glossary bullet ("interval- how long…") answers what a word means, beside the commands that use it', () => {
    const text = ask('what do interval and retries mean for a healthcheck?', 'Health checks');
    expect(text).toContain('interval- how long between two checks');
    expect(text).toContain('retries- how many failures in a row');
  });

  it('a flag named in the question reaches the prose that explains it', () => {
    const text = ask('is --link still a thing? what does it actually do under the hood?', 'Networking');
    expect(text).toContain('Creating a link writes an entry for the alias into `/etc/hosts`');
  });

  it('a pasted command counts once, so the line that explains beats the lines that merely quote it', () => {
    const text = ask('`docker run --network host web` works great but my lead says don\'t. why not?', 'Networking');
    expect(text).toContain('it removes the isolation between container and host');
  });

  it('the caveat right after the best line comes along', () => {
    const text = ask('my HEALTHCHECK runs `curl -f http://localhost:8080/ping` and the health log says curl: not found', 'Health checks');
    expect(text).toContain('curl -f http://localhost:8080/ping');
    expect(text).toContain('Skip curl in slim images');
  });

  it('keeps the line a matching sub-bullet hangs from, and leaves out what does not answer', () => {
    const text = ask('what does docker network inspect bridge show', 'Networking');
    expect(text).toContain('`docker network inspect bridge` shows which containers are attached');
    expect(text).toContain('- `--network host` shares the host');
    expect(text).not.toContain('docker run -d --name cache redis');
  });
});
