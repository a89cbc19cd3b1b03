import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askKnowledge } from '../../src/answer/ask-knowledge.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { checkKnowledge } from '../../src/knowledge/check-knowledge.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { parseNote, parseNoteFile } from '../../src/knowledge/parse-note.js';
import { FIXTURES } from '../support/notes.js';
import { runCli } from '../support/run-cli.js';

const DIR = path.join(FIXTURES, 'lint-errors');
const load = () => loadKnowledge([{ name: 'team', dir: DIR }]);

describe('broken notes, caught by `wharfie knowledge check`', () => {
  it('an unclosed code fence is an error at file:line, naming the headings it swallowed', async () => {
    const findings = checkKnowledge(await load()).filter((f) => f.source === 'fence.md');
    expect(findings).toEqual([
      { level: 'error', pack: 'team', source: 'fence.md', line: 5, message: expect.stringMatching(/^code fence ``` is never closed: .*\(1 heading swallowed\); close it with ```$/) },
    ]);
    const run = await runCli(['knowledge', 'check', DIR]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error   lint-errors/fence.md:5  code fence ``` is never closed');
  });

  it('a closed fence, a longer closing fence and a ~~~ fence are fine', () => {
    for (const note of ['# A\n\n```sh\nls\n```\n', '# A\n\n````\nls\n`````\n', '# A\n\n~~~\nls\n~~~\n', '# A\n\n- item\n\n  ```\n  ls\n  ```\n', '# A\n\n> ```console\n> $ ls\n> ```\n']) {
      expect(parseNoteFile(note, { pack: 'p', source: 'a.md' }).problems, note).toEqual([]);
    }
  });

  it('front matter that is not YAML is reported at its line, and the body still loads', async () => {
    const knowledge = await load();
    expect(checkKnowledge(knowledge).filter((f) => f.source === 'front.md')).toEqual([
      { level: 'error', pack: 'team', source: 'front.md', line: 3, message: expect.stringMatching(/^front matter is not valid YAML \(.+\): the note loaded without it/) },
    ]);
    expect(knowledge.sections.filter((s) => s.source === 'front.md').map((s) => s.title)).toEqual(['Bridge']);
    const run = await runCli(['ask', '--json', '--knowledge', DIR, '--no-reference', 'default bridge network']);
    expect(JSON.parse(run.stdout).answer.source).toBe('front.md');
    expect(run.stderr).toContain('wharfie: lint-errors/front.md:3: front matter is not valid YAML');
    expect(run.stderr).not.toContain('skipped lint-errors/front.md');
  });

  it('`title:` from front matter heads the heading trail', async () => {
    const sections = (await load()).sections.filter((s) => s.source === 'ports.md');
    expect(sections.map((s) => s.trail)).toEqual([['Compose ports', 'Published ports']]);
    const sameH1 = parseNote('---\ntitle: Volumes\n---\n# Volumes\n\n## Named\n\n- text\n', { pack: 'p', source: 'v.md' });
    expect(sameH1.map((s) => s.trail)).toEqual([['Volumes'], ['Volumes', 'Named']]);
  });

  it('a table answer keeps its header: "which is the host port?" is answered by the text', async () => {
    const knowledge = new KnowledgeBase(await load());
    const answer = askKnowledge(knowledge, 'which host port does the api publish');
    expect(answer.best?.section.title).toBe('Published ports');
    expect(answer.best?.excerpt.markdown).toContain('api — Host port: 8080 — Container port: 3000');
  });
});
