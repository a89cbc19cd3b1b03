import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerJson } from '../../src/answer/answer-json.js';
import { FIXTURES } from '../support/notes.js';
import { runCli } from '../support/run-cli.js';

describe('npx wharfie ask', () => {
  it('prints the answer as the documented JSON', async () => {
    const run = await runCli(['ask', '--json', 'how do volumes work']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as AnswerJson;
    expect(json.question).toBe('how do volumes work');
    expect(json.found).toBe(true);
    expect(json.answer).toMatchObject({ title: 'Volumes', trail: ['Day 2', 'Volumes'], source: 'day-2.md' });
    expect(json.answer!.text).toContain('volume');
    expect(json.results[0]).toMatchObject({ title: 'Volumes', source: 'day-2.md' });
  });

  it('answers one JSON object per stdin line, in order, with --batch', async () => {
    const questions = ['docker exec', '', 'how do I deploy to kubernetes', '--pid=host'];
    const run = await runCli(['ask', '--json', '--batch'], { input: `${questions.join('\n')}\n` });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as AnswerJson);
    expect(lines.map((l) => l.question)).toEqual(questions);
    expect(lines.map((l) => l.found)).toEqual([true, false, false, true]);
    expect(lines[3]!.answer?.title).toBe('Processes');
  });

  it('reads other folders with --knowledge and names the files it skipped', async () => {
    const run = await runCli(['ask', '--json', '--knowledge', path.join(FIXTURES, 'broken'), 'fine']);
    const json = JSON.parse(run.stdout) as AnswerJson;
    expect(json.answer?.source).toBe('fine.md');
    expect(run.stderr).toContain('skipped broken/bad-front-matter.md: front matter is not valid YAML');
    expect(run.stderr).toContain('skipped broken/not-utf8.md');
  });

  it('reads folders from WHARFIE_KNOWLEDGE when no --knowledge is given', async () => {
    const run = await runCli(['ask', '--json', 'read only'], { env: { WHARFIE_KNOWLEDGE: path.join(FIXTURES, 'messy') } });
    expect((JSON.parse(run.stdout) as AnswerJson).answer?.source).toBe('deep.md');
  });

  it('prints a readable answer without --json', async () => {
    const run = await runCli(['ask', 'docker', 'exec']);
    expect(run.stdout).toContain('Day 2 › Starting and Stopping');
    expect(run.stdout).toContain('docker exec');
    expect(run.stdout).not.toContain('[1]');
  });

  it('refuses --batch without --json, with a usage error', async () => {
    const run = await runCli(['ask', '--batch']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--batch prints JSON lines');
  });
});

describe('npm start (wharfie start)', () => {
  it('answers questions piped to the terminal adapter, then exits at end of input', async () => {
    const run = await runCli(['start'], { input: '/docker how do volumes work\nhelp\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Day 2 › Volumes');
    expect(run.stdout).toContain('/docker quiz');
    expect(run.stdout).not.toContain('docker> ');
  });

  it('fails fast, naming the variable, when Slack is half configured', async () => {
    const run = await runCli(['start'], { env: { SLACK_BOT_TOKEN: 'xoxb-secret-value' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_APP_TOKEN');
    expect(run.stderr).not.toContain('xoxb-secret-value');
  });
});
