import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchKnowledge, type KnowledgeWatcher } from '../../adapters/knowledge/watch-knowledge.js';
import { answerQuestion } from '../../src/answer/compose-answer.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import { silentLogger } from '../../src/logger.js';

describe('hot reload of a knowledge folder', () => {
  let dir: string;
  let base: KnowledgeBase;
  let watcher: KnowledgeWatcher;
  let reloads: { knowledge?: Knowledge; error?: Error }[];
  let waiters: (() => void)[];

  const nextReload = (): Promise<{ knowledge?: Knowledge; error?: Error }> =>
    new Promise((resolve) => {
      const count = reloads.length;
      waiters.push(() => reloads.length > count && resolve(reloads[reloads.length - 1]!));
    });
  const ask = (q: string) => answerQuestion(base.index, q);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-reload-'));
    await writeFile(path.join(dir, 'volumes.md'), '# Volumes\n\n- `docker volume create data` makes a named volume\n');
    await writeFile(path.join(dir, 'ports.md'), '# Ports\n\n- `-p 8080:80` publishes a port\n');
    const packs = [{ name: 'team', dir }];
    base = new KnowledgeBase(await loadKnowledge(packs));
    reloads = [];
    waiters = [];
    watcher = watchKnowledge(base, packs, {
      log: silentLogger,
      debounceMs: 40,
      onReload: (result) => {
        reloads.push(result);
        for (const wake of waiters) wake();
      },
    });
    await watcher.ready;
  });

  afterEach(async () => {
    await watcher.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('picks up an edited file without a restart', async () => {
    const reloaded = nextReload();
    await writeFile(path.join(dir, 'volumes.md'), '# Volumes\n\n- `docker volume prune` removes unused volumes\n');
    await reloaded;
    expect(ask('docker volume prune').best?.excerpt.markdown).toContain('removes unused volumes');
    expect(ask('docker volume create').best?.excerpt.markdown ?? '').not.toContain('makes a named volume');
  });

  it('adds a new file and drops a deleted one', async () => {
    let reloaded = nextReload();
    await writeFile(path.join(dir, 'compose.md'), '# Compose\n\n- `docker compose up` starts every service\n');
    await reloaded;
    expect(ask('docker compose up').best?.section.title).toBe('Compose');

    reloaded = nextReload();
    await unlink(path.join(dir, 'ports.md'));
    await reloaded;
    expect(base.knowledge.sections.map((s) => s.title).sort()).toEqual(['Compose', 'Volumes']);
  });

  it('keeps the last good version of a file made invalid mid-run, and reports it', async () => {
    const reloaded = nextReload();
    // Half-saved: a file that is not text yet.
    await writeFile(path.join(dir, 'ports.md'), '# Ports\n\u0000\u0000');
    const result = await reloaded;
    expect(result.knowledge?.problems.map((p) => p.source)).toEqual(['ports.md']);
    expect(ask('publish a port').best?.section.title).toBe('Ports');
    expect(ask('publish a port').best?.excerpt.markdown).toContain('-p 8080:80');
  });

  it('reloads once for a burst of saves', async () => {
    const reloaded = nextReload();
    // Five saves in one turn of the event loop: a burst, whatever the machine's load.
    for (let i = 0; i < 5; i += 1) writeFileSync(path.join(dir, 'volumes.md'), `# Volumes\n\n- edit ${i}\n`);
    await reloaded;
    expect(ask('edit').best?.excerpt.markdown).toContain('edit 4');
    // One more save is the marker: by its reload, any second reload of the burst would have come.
    const marker = nextReload();
    await writeFile(path.join(dir, 'ports.md'), '# Ports\n\n- marker\n');
    await marker;
    expect(reloads).toHaveLength(2);
  });
});
