import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { terminalCompleter } from '../../adapters/terminal/terminal-completer.js';
import { RunGate } from '../../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS, type RunResult } from '../../src/sandbox/run-job.js';
import type { RunRequest } from '../../src/sandbox/sandbox-runner.js';
import { KEY, terminalAt } from '../support/terminal-keys.js';
import { testChat } from '../support/notes.js';
import { testQuiz } from '../support/quiz.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-terminal-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('Ctrl-C and Ctrl-D at the prompt, as in Node’s REPL', () => {
  it('Ctrl-C clears the line being typed and the prompt keeps answering', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type('kubernetes please', KEY.ctrlC);
    term.type('how do volumes work', KEY.enter);
    await term.screen.see('Day 2 › Volumes');
    // The cleared words never reached the bot: no "not in the notes" for them.
    expect(term.screen.text).not.toContain("That's not in the notes.");
    term.type(KEY.ctrlC);
    await term.session.done;
  });

  it('Ctrl-C on an empty line quits cleanly, ending the line', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type(KEY.ctrlC);
    await term.session.done;
    expect(term.screen.raw.endsWith('\n')).toBe(true);
  });

  it('Ctrl-C twice quits, even with something typed', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type('how do vol', KEY.ctrlC, KEY.ctrlC);
    await term.session.done;
  });

  it('Ctrl-D quits and ends the line, so the shell prompt starts on its own', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type(KEY.ctrlD);
    await term.session.done;
    expect(term.screen.raw.endsWith('\n')).toBe(true);
  });

  it('reads nothing after close(): a line typed later is not answered', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    await term.session.close();
    term.type('how do volumes work', KEY.enter);
    term.end();
    expect(term.screen.text).not.toContain('Volumes');
  });
});

describe('log lines at the prompt', () => {
  it('a log line written while a question is half typed gets a line of its own, and the typing is put back', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type('how do vol');
    await term.screen.see('how do vol');
    // What start-bot does with every log line while the prompt is up.
    term.session.aside(() => term.output.write('WARN  could not post the daily quiz\n'));
    await term.screen.see('docker> how do vol');
    // The prompt line was cleared before the log line, so the two never run together.
    expect(term.screen.raw).toContain('\r\x1b[KWARN  could not post the daily quiz\n');
    term.type('umes work', KEY.enter);
    await term.screen.see('Day 2 › Volumes');
    term.type(KEY.ctrlD);
    await term.session.done;
  });
});

describe('line editing', () => {
  it('keeps history between runs in a file: up-arrow recalls the last run’s question', async () => {
    const historyFile = path.join(await tempDir(), 'terminal-history');
    const { bot } = await testChat();
    const first = terminalAt(bot, { historyFile });
    first.type('how do volumes work', KEY.enter);
    await first.screen.see('Day 2 › Volumes');
    first.type(KEY.ctrlD);
    await first.session.done;
    expect(await readFile(historyFile, 'utf8')).toBe('how do volumes work\n');
    expect((await stat(historyFile)).mode & 0o777).toBe(0o600);

    const second = terminalAt(bot, { historyFile });
    await second.screen.see('docker> ');
    second.type(KEY.up, KEY.enter);
    await second.screen.see('Day 2 › Volumes');
    second.type(KEY.ctrlD);
    await second.session.done;
  });

  it('up-arrow does not print ^[[A: it brings back the line typed before', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    term.type('/docker missing how to prune', KEY.enter);
    await term.screen.see('note authors will see it');
    term.type(KEY.up, KEY.enter);
    await term.screen.see('note authors will see it');
    expect(term.screen.text).not.toContain('^[[A');
    term.type(KEY.ctrlD);
    await term.session.done;
  });

  it('Ctrl-L clears the screen and is not sent as part of the question', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type('how do vol', KEY.ctrlL, 'umes work', KEY.enter);
    await term.screen.see('Day 2 › Volumes');
    expect(term.screen.raw).toContain('\u001b[1;1H\u001b[0J');
    term.type(KEY.ctrlD);
    await term.session.done;
  });

  it('Tab completes a command', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type('/docker mis', KEY.tab, ' how to prune', KEY.enter);
    await term.screen.see('Thanks: the note authors will see it');
    term.type(KEY.ctrlD);
    await term.session.done;
  });

  it('Tab completes topic names, whole or as the last word of a question', () => {
    const complete = terminalCompleter(() => ['Volumes', 'Port Mapping', 'Networking']);
    expect(complete('/docker qu')).toEqual([['/docker quiz', '/docker quiz me', '/docker quiz leaderboard', '/docker quiz schedule', '/docker quiz stop'], '/docker qu']);
    expect(complete('port')).toEqual([['port mapping'], 'port']);
    expect(complete('how do vol')).toEqual([['volumes'], 'vol']);
    expect(complete('ex')).toEqual([['exit'], 'ex']);
  });
});

describe('numbers and letters', () => {
  it('says there is no button 9 instead of asking about 9', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    term.type('9', KEY.enter);
    await term.screen.see('There is no button 9: no buttons are showing.');
    term.type('how do volumes work', KEY.enter);
    await term.screen.see('[1] Share to channel');
    term.type('9', KEY.enter);
    await term.screen.see(/There is no button 9: the buttons are 1–\d+\./);
    // Saying so left the buttons in place: 2 still presses 👍.
    term.type('2', KEY.enter);
    await term.screen.see('Thanks, noted 👍');
    expect(term.screen.text).not.toContain('kill');
    term.type(KEY.ctrlD);
    await term.session.done;
  });

  it('answers the open quiz question with a letter, even after other replies', async () => {
    const { quiz } = await testQuiz();
    const { bot } = await testChat({ quiz });
    const term = terminalAt(bot);
    term.type('/docker quiz', KEY.enter);
    await term.screen.see('Type A–D to answer.');
    term.type('how do volumes work', KEY.enter);
    await term.screen.see('Day 2 › Volumes');
    term.type('b', KEY.enter);
    await term.screen.see(/✅ Right|❌ Not quite/);
    expect(term.screen.text).not.toContain("That's not in the notes.");
    term.type(KEY.ctrlD);
    await term.session.done;
  });

  it('/docker quiz while a question is open shows it again, and A–D with none open says how to get one', async () => {
    const { quiz } = await testQuiz();
    const { bot } = await testChat({ quiz });
    const term = terminalAt(bot);
    term.type('a', KEY.enter);
    await term.screen.see('No quiz question is open here. /docker quiz asks one.');
    term.type('/docker quiz', KEY.enter);
    const first = await term.screen.see('Type A–D to answer.');
    const question = /Docker quiz\n(.+)\n/.exec(first)![1]!;
    term.type('/docker quiz', KEY.enter);
    const again = await term.screen.see('Type A–D to answer.');
    expect(again).toContain(question);
    expect(again).toContain('This question is still open');
    term.type('c', KEY.enter);
    await term.screen.see(/✅ Right|❌ Not quite/);
    term.type(KEY.ctrlD);
    await term.session.done;
  });

  it('a quiz question posted by the schedule while typing appears above the prompt, and its letters answer it', async () => {
    const { quiz } = await testQuiz();
    const { bot } = await testChat({ quiz });
    const term = terminalAt(bot);
    await term.screen.see('docker> ');
    term.type('how do');
    await term.screen.see('how do');
    const [question] = await quiz.postNow({ platform: 'terminal', channelId: 'terminal' });
    term.session.post(question!);
    await term.screen.see('Type A–D to answer.');
    // The half-typed line is put back under the question.
    await term.screen.see('docker> how do');
    term.type(KEY.ctrlC, 'd', KEY.enter);
    await term.screen.see(/✅ Right|❌ Not quite/);
    term.type(KEY.ctrlD);
    await term.session.done;
  });
});

describe('what the prompt shows', () => {
  it('greets naming exit, and shows the help the core gives', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot);
    await term.screen.see(/exit or Ctrl-D quits/);
    term.type('/docker help', KEY.enter);
    await term.screen.see('Wharfie: Docker from your notes');
    // At the terminal, help names commands as typed there, without /docker.
    const help = await term.screen.see('run busybox echo hi');
    expect(help).not.toContain('/docker run');
    term.type('exit', KEY.enter);
    await term.session.done;
  });

  it('wraps long bullets to the terminal’s width with a hanging indent, never mid-word', async () => {
    const { bot } = await testChat();
    const term = terminalAt(bot, { columns: () => 44 });
    term.type('how do volumes work', KEY.enter);
    const wrapped = await term.screen.see('Share to channel');
    const lines = wrapped.split(/\r?\n/).filter((l) => !l.startsWith('docker> '));
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(44);
    // "• We don't consider the contents of the volume …" goes on under its first word.
    const bullet = lines.findIndex((l) => l.startsWith("• We don't consider"));
    expect(lines[bullet + 1]).toMatch(/^ {2}\S/);

    const wide = terminalAt(bot);
    wide.type('how do volumes work', KEY.enter);
    const whole = await wide.screen.see('Share to channel');
    // The same words in the same order: none was cut in two.
    const words = (text: string): string[] => text.slice(text.indexOf('Day 2 › Volumes')).split(/\s+/);
    expect(words(wrapped)).toEqual(words(whole));
    expect(whole.split('\n').some((l) => l.length > 44)).toBe(true);
    for (const t of [term, wide]) {
      t.type(KEY.ctrlD);
      await t.session.done;
    }
  });

  it('shows that a sandbox run is in progress, and clears it when the output comes', async () => {
    let finish!: (result: RunResult) => void;
    const started = new Promise<RunRequest>((resolveStarted) => {
      runner.run = (request) => {
        resolveStarted(request);
        return new Promise<RunResult>((resolve) => (finish = resolve));
      };
    });
    const { bot } = await testChat({
      sandbox: {
        runner,
        gate: new RunGate({ pool: 1, queue: 0, cooldownMs: 0, now: Date.now }),
        limits: DEFAULT_LIMITS,
        images: new Map([['busybox', 'wharfie-sandbox-busybox:latest']]),
        now: Date.now,
        newRunId: () => 'run-1',
      },
    });
    const term = terminalAt(bot);
    term.type('/docker run busybox echo hi', KEY.enter);
    await term.screen.see('running in the sandbox…');
    await started;
    finish({ exitCode: 0, timedOut: false, oomKilled: false, truncated: false, output: new TextEncoder().encode('hi\n'), durationMs: 240 });
    await term.screen.see(/hi\n/);
    // The progress line was erased before the output was written.
    expect(term.screen.raw).toMatch(/running in the sandbox…[^\n]*\r\u001b\[K/);
    term.type(KEY.ctrlD);
    await term.session.done;
  });
});

const runner = {
  run: (_request: RunRequest): Promise<RunResult> => Promise.reject(new Error('set by the test')),
  ping: async () => true,
};
