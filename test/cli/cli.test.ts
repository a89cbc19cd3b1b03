import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerJson } from '../../src/answer/answer-json.js';
import { FIXTURES, ROOT } from '../support/notes.js';
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
    expect(run.stderr).toContain('wharfie: broken/bad-front-matter.md:2: front matter is not valid YAML');
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

  it('--batch implies --json: one JSON object per line without asking for it', async () => {
    const run = await runCli(['ask', '--batch'], { input: 'docker exec\n' });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout.trim()) as AnswerJson).answer?.title).toBe('Starting and Stopping');
  });

  it('with no question is a usage error (exit 2), not the chat help', async () => {
    const run = await runCli(['ask']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('wharfie ask: give a question');
    expect(run.stdout).toBe('');
  });

  it('asks about a Docker flag given as an option: ask --pid=host', async () => {
    const run = await runCli(['ask', '--pid=host']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Day 2 › Processes');
  });

  it('calls a near miss of its own options a typo, and says to use -- to ask about it', async () => {
    const run = await runCli(['ask', '--jsno', 'volumes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--jsno' (did you mean --json?). To ask about a flag, put it after --: wharfie ask -- --jsno");
  });

  it('in text, "not in the notes" prints the nearest topics it promises', async () => {
    const question = 'how do I deploy to kubernetes';
    const { suggestions } = JSON.parse((await runCli(['ask', '--json', question])).stdout) as AnswerJson;
    expect(suggestions.length).toBeGreaterThan(0);
    const run = await runCli(['ask', question]);
    expect(run.stdout).toContain('The nearest topics are below');
    expect(run.stdout).toContain('Nearest topics:');
    for (const title of suggestions) expect(run.stdout).toContain(`• ${title}`);
  });
});

describe('the wharfie command line', () => {
  it('prints its version with --version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('says "unknown command" for a word that is not one (exit 2), with the nearest', async () => {
    const bogus = await runCli(['bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("wharfie: unknown command 'bogus'");
    expect((await runCli(['quizz'])).stderr).toContain("unknown command 'quizz' (did you mean quiz?)");
  });
});

describe('npm start (wharfie start)', () => {
  it('answers questions piped to the terminal adapter, then exits at end of input', async () => {
    const run = await runCli(['start'], { input: '/docker how do volumes work\nhelp\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Day 2 › Volumes');
    // Help at the terminal names commands as typed there, without /docker.
    expect(run.stdout).toContain('quiz leaderboard [week|month|all]');
    expect(run.stdout).not.toContain('/docker quiz');
    expect(run.stdout).not.toContain('docker> ');
  });

  it('fails fast, naming the variable, when Slack is half configured', async () => {
    const run = await runCli(['start'], { env: { SLACK_BOT_TOKEN: 'xoxb-secret-value' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_APP_TOKEN');
    expect(run.stderr).not.toContain('xoxb-secret-value');
  });
});
