import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKnowledge } from '../../src/knowledge/check-knowledge.js';
import { diskCache } from '../../adapters/knowledge/note-cache.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { FIXTURES, NOTES_DIR } from '../support/notes.js';
import { runCli } from '../support/run-cli.js';

describe('wharfie knowledge check', () => {
  it('finds empty sections, duplicate headings and sections too long to answer well', async () => {
    const findings = checkKnowledge(await loadKnowledge([{ name: 'lint', dir: path.join(FIXTURES, 'lint') }]));
    expect(findings.map((f) => [f.source, f.line, f.message.split(':')[0]])).toEqual([
      ['long.md', 1, '"Long" is 9,010 characters'],
      ['notes.md', 3, '"Empty heading" is empty'],
      ['notes.md', 9, '"Lint me › Duplicated" is a duplicate heading (first at line 5)'],
    ]);
    expect(findings.every((f) => f.level === 'warning')).toBe(true);
  });

  it('passes the team\'s own notes cleanly', async () => {
    expect(checkKnowledge(await loadKnowledge([{ name: 'notes', dir: NOTES_DIR }]))).toEqual([]);
  });

  it('counts the quiz questions its checks held back, and points to `wharfie quiz lint` for the list', async () => {
    const run = await runCli(['knowledge', 'check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/quiz: \d+ generated and 41 hand-written questions; \d+ generated held back by the checks \(`wharfie quiz lint` lists each with the reason\)/);
    const json = JSON.parse((await runCli(['knowledge', 'check', '--json'])).stdout);
    expect(json.quiz).toMatchObject({ handWritten: 41, handWrittenProblems: [] });
    expect(json.quiz.rejected).toBeGreaterThan(0);
  });

  it('exits 1 on unreadable files, naming them, and prints JSON for other tools', async () => {
    const run = await runCli(['knowledge', 'check', path.join(FIXTURES, 'broken')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error   broken/not-utf8.md  not valid UTF-8 text');
    expect(run.stdout).toMatch(/2 files, 2 sections: 3 errors, 0 warnings/);

    const json = await runCli(['knowledge', 'check', '--json', path.join(FIXTURES, 'lint')]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ errors: 0, warnings: 3 });
    expect((await runCli(['knowledge', 'check', '--strict', path.join(FIXTURES, 'lint')])).code).toBe(1);
  });
});

describe('the parse cache', () => {
  it('reuses parsed files by content hash, reparses changed ones and forgets deleted ones', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-notes-'));
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-cache-'));
    try {
      await writeFile(path.join(dir, 'a.md'), '# A\n\n- alpha\n');
      await writeFile(path.join(dir, 'b.md'), '# B\n\n- beta\n');
      const pack = { name: 'team', dir };
      const options = { cacheFor: diskCache(cacheDir) };
      await loadKnowledge([pack], options);
      const [cacheFile] = await readdir(cacheDir);
      const stored = JSON.parse(await readFile(path.join(cacheDir, cacheFile!), 'utf8'));
      expect(Object.keys(stored.files).sort()).toEqual(['a.md', 'b.md']);

      // A cached entry is used as stored: prove it by planting a marker in it.
      stored.files['a.md'].sections[0].title = 'A (from cache)';
      await writeFile(path.join(cacheDir, cacheFile!), JSON.stringify(stored));
      await writeFile(path.join(dir, 'b.md'), '# B2\n\n- beta changed\n');
      await rm(path.join(dir, 'a.md'));
      await writeFile(path.join(dir, 'a.md'), '# A\n\n- alpha\n');
      const again = await loadKnowledge([pack], options);
      expect(again.sections.map((s) => s.title).sort()).toEqual(['A (from cache)', 'B2']);

      await rm(path.join(dir, 'b.md'));
      await loadKnowledge([pack], options);
      const after = JSON.parse(await readFile(path.join(cacheDir, cacheFile!), 'utf8'));
      expect(Object.keys(after.files)).toEqual(['a.md']);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
