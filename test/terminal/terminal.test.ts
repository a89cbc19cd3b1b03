import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTerminal } from '../../adapters/terminal/terminal-adapter.js';
import { renderMarkdown } from '../../adapters/terminal/render-terminal.js';
import { testChat } from '../support/notes.js';

async function session(lines: string[], interactive = false): Promise<string> {
  const { bot } = await testChat();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (d: string) => (text += d));
  const done = runTerminal(bot, { input, output, color: false, interactive, user: { id: 'me', name: 'me', isAdmin: true } });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return text;
}

describe('the terminal adapter', () => {
  it('answers a question typed at the prompt, with numbered buttons', async () => {
    const out = await session(['how do volumes work'], true);
    expect(out).toContain('docker> ');
    expect(out).toContain('Day 2 › Volumes');
    expect(out).toMatch(/\[1\] Share to channel {2}\[2\] 👍 Helpful/);
  });

  it('presses a button when its number is typed', async () => {
    const out = await session(['/docker how do I deploy to kubernetes', '1']);
    expect(out).toContain("That's not in the notes.");
    const [, afterPress] = out.split("That's not in the notes.");
    expect(afterPress).toMatch(/Day \d › /);
  });

  it('stops at "exit" and ignores blank lines', async () => {
    const out = await session(['', 'exit', 'how do volumes work']);
    expect(out).not.toContain('Volumes');
  });

  it('never lets text drive the terminal: escape sequences are removed', () => {
    const out = renderMarkdown('run `\u001b]0;pwned\u0007ls` now \u001b[2J', { color: false });
    expect(out).not.toMatch(/\u001b|\u0007/);
    expect(out).toContain('run ]0;pwnedls now [2J');
  });

  it('colours inline code only when colour is on', () => {
    expect(renderMarkdown('use `docker ps`', { color: true })).toMatch(/\u001b\[36mdocker ps\u001b\[39m/);
    expect(renderMarkdown('use `docker ps`', { color: false })).toBe('use docker ps');
  });
});
