import { describe, expect, it } from 'vitest';
import { answerJson } from '../../src/answer/answer-json.js';
import { answerQuestion } from '../../src/answer/compose-answer.js';
import { notesKnowledge } from '../support/notes.js';

const ask = async (question: string) => answerJson(answerQuestion((await notesKnowledge()).index, question));

describe('answers from the notes', () => {
  it.each([
    ['how do volumes work', 'Volumes'],
    ['voluems', 'Volumes'],
    ['netwrok bridge', 'Networking'],
    ['docker exec', 'Starting and Stopping'],
    ['docker volume create', 'Volumes'],
    ['--pid=host', 'Processes'],
    ['--network none', 'Networking'],
    ['why does my container stop when its process ends', 'Processes'],
    ['difference between CMD and ENTRYPOINT', 'Commands'],
    ['multi-stage builds', 'Multi Stage Builds'],
    ['multistage', 'Multi Stage Builds'],
  ])('"%s" is answered from %s', async (question, title) => {
    const json = await ask(question);
    expect(json.found).toBe(true);
    expect(json.answer?.title).toBe(title);
  });

  it('tells -P (publish all) from -p (one port) and -t from -T', async () => {
    const json = await ask('what does -P do');
    expect(['Port Mapping', 'More port mapping']).toContain(json.answer?.title);
    expect(json.answer?.text).toContain('-P');
    // `-t` tags an image in `docker build` and allocates a TTY in `docker run`: both are offered, and the bot says it is unsure.
    const t = await ask('what does the -t flag mean');
    expect([t.answer?.title, ...t.alternatives.map((a) => a.title)]).toEqual(expect.arrayContaining(['docker run', 'Dockerfile']));
    expect(t.confidence).toBe('unsure');
  });

  it('cuts a long section down to the bullets that answer', async () => {
    const json = await ask('remove all volumes');
    expect(json.answer?.title).toBe('Volumes');
    expect(json.answer?.text).toContain('docker volume rm');
    expect(json.answer?.text).not.toContain('Host volumes');
    expect(json.answer!.text.length).toBeLessThan(900);
  });

  it('keeps the line a matching sub-bullet hangs from', async () => {
    const json = await ask('docker login');
    const text = json.answer!.text;
    expect(text).toContain('docker login --username=ayebeecoding');
    expect(text).toMatch(/^- now let's store it in docker hub:$/m);
  });

  it('shows a short section whole', async () => {
    const json = await ask('what is an image');
    expect(json.answer?.title).toBe('Images again');
    expect(json.answer?.text).toContain('An image is a template for how to create a container.');
    expect(json.answer?.text).toContain('So if we delete stuff, it\'s still there.');
  });

  it.each([
    'how do I deploy to kubernetes',
    'what is a helm chart',
    'best pasta recipe',
    'terraform state locking',
    'how do I rebase a git branch',
    // Everyday English, but a Docker feature the notes never mention: a topic, not phrasing.
    'how to use docker secret',
    'docker secret',
  ])('"%s" is not in the notes, and gets no answer', async (question) => {
    const json = await ask(question);
    expect(json.found).toBe(false);
    expect(json.answer).toBeNull();
  });

  it('offers the nearest topics when the notes do not cover a question', async () => {
    const json = await ask('how do I set up docker swarm secrets');
    expect(json.found).toBe(false);
    expect(json.suggestions.length).toBeGreaterThan(0);
    expect(json.suggestions).toEqual(json.results.slice(0, json.suggestions.length).map((r) => r.title));
  });

  it('ranks at least three candidates, best first, scores in [0, 1]', async () => {
    for (const question of ['how do volumes work', 'what is the capital of France', 'ports']) {
      const json = await ask(question);
      expect(json.results.length).toBeGreaterThanOrEqual(3);
      const scores = json.results.map((r) => r.score);
      expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
  });

  it('keeps the JSON contract exactly', async () => {
    const json = await ask('how do volumes work');
    // Fields are added at the end, never renamed, dropped or moved.
    expect(Object.keys(json)).toEqual(['question', 'found', 'answer', 'results', 'suggestions', 'from', 'confidence', 'alternatives', 'referenceAlternative']);
    expect(Object.keys(json.answer!)).toEqual(['title', 'trail', 'source', 'text', 'score', 'from', 'confidence']);
    expect(Object.keys(json.results[0]!)).toEqual(['title', 'trail', 'source', 'score']);
    expect(json.answer).toMatchObject({ title: 'Volumes', trail: ['Day 2', 'Volumes'], source: 'day-2.md' });
    expect(json.answer!.score).toBe(json.results[0]!.score);
    expect(json).toMatchObject({ from: 'notes', answer: { from: 'notes' } });
    expect(['strong', 'good', 'unsure']).toContain(json.confidence);
    expect(json.answer!.confidence).toBe(json.confidence);
    for (const alt of json.alternatives) expect(Object.keys(alt)).toEqual(['title', 'trail', 'source']);
  });

  it('answers an empty question with nothing found and no invented results', async () => {
    expect(await ask('')).toEqual({ question: '', found: false, answer: null, results: [], suggestions: [], from: null, confidence: null, alternatives: [], referenceAlternative: null });
  });
});
