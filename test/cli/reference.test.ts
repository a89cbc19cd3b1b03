import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePacks } from '../../adapters/app/knowledge-packs.js';
import { warmCache } from '../../adapters/app/warm-cache.js';
import { loadKnowledgeFor } from '../../adapters/cli/main.js';
import type { CliIo } from '../../adapters/cli/cli-io.js';
import { watchKnowledge } from '../../adapters/knowledge/watch-knowledge.js';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate, openDatabase } from '../../adapters/sqlite/database.js';
import { renderBlockKit } from '../../adapters/slack/block-kit.js';
import { renderDiscord } from '../../adapters/discord/render-discord.js';
import { renderReply } from '../../adapters/terminal/render-terminal.js';
import { decodeAction, encodeAction } from '../../src/actions.js';
import type { AnswerJson } from '../../src/answer/answer-json.js';
import { answerJson } from '../../src/answer/answer-json.js';
import { answerReply } from '../../src/answer/answer-reply.js';
import { askKnowledge, topicAnswer } from '../../src/answer/ask-knowledge.js';
import { answerQuestion, type Answer } from '../../src/answer/compose-answer.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { lastingCaches } from '../../adapters/knowledge/note-cache.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Section } from '../../src/knowledge/section.js';
import { silentLogger } from '../../src/logger.js';
import { reportMarkdown } from '../../src/usage/report.js';
import { CLI_DOCS, withReference } from '../support/cli-docs.js';
import { FIXTURES, NOTES_DIR, ROOT, notesKnowledge, testChat, textOf } from '../support/notes.js';
import { runCli } from '../support/run-cli.js';
import { testUsage } from '../support/usage.js';

/** Asked of the notes, this is a gap: only the Docker CLI reference (`docker container stats`) covers it. */
const REFERENCE_ONLY = 'how do I see live cpu and memory usage per container';
const LABEL = 'Not in your notes — from the Docker CLI reference';

const askJson = async (args: string[], env: Record<string, string> = {}): Promise<AnswerJson> => {
  const run = await runCli(['ask', '--json', ...args], { env, timeoutMs: 30_000 });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as AnswerJson;
};

const knowledgeWithReference = async (): Promise<KnowledgeBase> => withReference((await notesKnowledge()).knowledge);
const statsPage = (knowledge: KnowledgeBase): Section => {
  const section = knowledge.reference?.sections.find((s) => s.source === 'container_stats.md' && s.depth === 1);
  expect(section, 'container_stats.md in the reference index').toBeDefined();
  return section!;
};

/** Whether answerQuestion falls back to the reference yet (the ranking side, landing separately). */
const fallbackLanded = async (): Promise<boolean> => askKnowledge(await knowledgeWithReference(), REFERENCE_ONLY).from === 'reference';

describe('the bundled Docker CLI reference, a labelled fallback', () => {
  it('is loaded by default beside the notes, and kept when --knowledge replaces the notes', async () => {
    const io = { env: {}, cwd: process.cwd(), stderr: { write: () => true } } as unknown as CliIo;
    for (const flags of [[], [path.join(FIXTURES, 'messy')]]) {
      const knowledge = new KnowledgeBase((await loadKnowledgeFor(flags, io, { reference: true })).knowledge);
      expect(knowledge.reference?.size, `reference with --knowledge ${flags.join(' ')}`).toBeGreaterThan(1000);
      expect(knowledge.index.sections.every((s) => s.pack !== 'docker-reference')).toBe(true);
      expect(knowledge.section(statsPage(knowledge).id)?.source).toBe('container_stats.md');
    }
    const off = new KnowledgeBase((await loadKnowledgeFor([], { ...io, env: { WHARFIE_REFERENCE: 'off' } }, { reference: true })).knowledge);
    expect(off.reference).toBeNull();
  });

  it('answers nothing for a reference-only question with --no-reference or WHARFIE_REFERENCE=off', async () => {
    const flagged = await askJson(['--no-reference', REFERENCE_ONLY]);
    expect(flagged).toMatchObject({ found: false, from: null, confidence: null, answer: null });
    const env = await askJson([REFERENCE_ONLY], { WHARFIE_REFERENCE: 'off' });
    expect(env).toMatchObject({ found: false, from: null, answer: null });
    expect(env.results.every((r) => !/^container_stats\.md$/.test(r.source))).toBe(true);
  });

  it('refuses a bad WHARFIE_REFERENCE by name', async () => {
    const run = await runCli(['ask', '--json', 'volumes'], { env: { WHARFIE_REFERENCE: 'maybe' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('WHARFIE_REFERENCE');
  });

  it('answers a reference-only question from the reference, with or without --knowledge (once the ranking falls back)', async (context) => {
    if (!(await fallbackLanded())) context.skip('answerQuestion does not fall back to the reference yet');
    for (const args of [[REFERENCE_ONLY], ['--knowledge', NOTES_DIR, REFERENCE_ONLY]]) {
      const json = await askJson(args);
      expect(json).toMatchObject({ found: true, from: 'reference', answer: { from: 'reference' } });
      // Which page wins is the ranking's business; that it is a page of the reference is this plumbing's.
      expect(existsSync(path.join(CLI_DOCS, json.answer!.source)), json.answer!.source).toBe(true);
      expect(json.answer!.text).not.toContain(LABEL);
      expect(json.answer!.confidence).toBe(json.confidence);
    }
    expect((await askJson(['how do volumes work'])).from).toBe('notes');
  });

  it('still refuses a message whose only Docker-like word is an everyday one, though some reference page carries that word', async () => {
    const knowledge = await knowledgeWithReference();
    // "compose" an email: the reference's `docker stack` pages use the word; the notes never match it well.
    const [reply] = await (await testChat({ knowledge })).say('/docker can you help me compose a polite reply to an angry customer?');
    expect(reply!.kind).toBe('not-found');
    expect(textOf(reply!)).not.toContain(LABEL);
    // A plainly Docker question the notes lack still falls back.
    expect(askKnowledge(knowledge, 'docker stats: how do I see live cpu and memory usage per container').from).toBe('reference');
  });

  it('labels a reference answer at the top, names docker-reference/<file> and links docs.docker.com', async () => {
    const knowledge = await knowledgeWithReference();
    const chat = await testChat({ knowledge });
    const section = statsPage(knowledge);
    const [reply] = await chat.press(encodeAction({ type: 'topic', sectionId: section.id }));
    expect(reply!.kind).toBe('answer');
    expect(reply!.blocks[0]).toEqual({ kind: 'context', markdown: `**${LABEL}**` });
    expect(reply!.blocks[1]!.kind).toBe('markdown');
    expect(reply!.source).toEqual({ label: 'docker-reference/container_stats.md', url: 'https://docs.docker.com/reference/cli/docker/container/stats/' });
    expect(textOf(reply!)).toContain('From docker-reference/container_stats.md');
    expect(reply!.summary).toContain(LABEL);
    for (const shown of [renderReply(reply!, { color: false }), JSON.stringify(renderBlockKit(reply!)), JSON.stringify(renderDiscord(reply!))]) {
      expect(shown).toContain(LABEL);
    }
    // Shared to the channel, it keeps its label.
    const share = reply!.buttons.find((b) => b.label.startsWith('Share'))!;
    const [shared] = await chat.press(share.action);
    expect(shared!.blocks[0]).toEqual({ kind: 'context', markdown: `**${LABEL}**` });
    // An answer from the notes carries no such label.
    const [notes] = await chat.say('how do volumes work');
    expect(textOf(notes!)).not.toContain(LABEL);
  });

  it('says how sure it is in words from the answer, not from the score', async () => {
    const knowledge = await notesKnowledge();
    const answer = answerQuestion(knowledge.index, 'how do volumes work');
    for (const [confidence, words] of [['strong', 'strong match'], ['good', 'good match'], ['unsure', 'unsure']] as const) {
      const reply = answerReply({ ...answer, confidence }, knowledge);
      expect(textOf(reply)).toContain(`· ${words} (`);
      expect(reply.summary).toContain(`(${words})`);
    }
  });

  it('offers close alternatives as one-click topics after the answer, on Slack, Discord and the terminal', async () => {
    const knowledge = await notesKnowledge();
    const answer = answerQuestion(knowledge.index, 'how do volumes work');
    const others = knowledge.index.sections.filter((s) => s.id !== answer.best!.section.id && s.units.length > 0).slice(0, 2);
    const reply = answerReply({ ...answer, alternatives: others } satisfies Answer, knowledge);
    const heading = reply.blocks.findIndex((b) => b.kind === 'context' && b.markdown.startsWith('Closest notes — pick one'));
    const excerpt = reply.blocks.findIndex((b) => b.kind === 'markdown');
    expect(heading).toBeGreaterThan(excerpt);
    const picks = reply.buttons.map((b) => decodeAction(b.action)).filter((a) => a?.type === 'topic');
    for (const other of others) expect(picks).toContainEqual({ type: 'topic', sectionId: other.id });

    const terminal = renderReply(reply, { color: false });
    expect(terminal).toContain('Closest notes — pick one');
    for (const other of others) expect(terminal).toMatch(new RegExp(`\\[\\d+\\] ${other.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const slack = JSON.stringify(renderBlockKit(reply));
    const discord = renderDiscord(reply);
    expect(slack).toContain('Closest notes — pick one');
    expect(JSON.stringify(discord.embeds)).toContain('Closest notes — pick one');
    for (const other of others) {
      expect(slack).toContain(encodeAction({ type: 'topic', sectionId: other.id }));
      expect(discord.components.flatMap((row) => row.components).map((c) => ('custom_id' in c ? c.custom_id : ''))).toContain(
        encodeAction({ type: 'topic', sectionId: other.id }),
      );
    }

    // Pressing one answers from that note.
    const chat = await testChat({ knowledge });
    const [picked] = await chat.press(encodeAction({ type: 'topic', sectionId: others[0]!.id }));
    expect(picked!.title).toBe(others[0]!.title);
    // The --json contract lists them too.
    expect(answerJson({ ...answer, alternatives: others }).alternatives).toEqual(others.map((s) => ({ title: s.title, trail: [...s.trail], source: s.source })));
  });

  it('offers the reference section beside an unsure answer from the notes, labelled, and keeps the notes as the answer', async () => {
    const knowledge = await knowledgeWithReference();
    // The notes come near (a note on env vars elsewhere) but never name --env-file; the reference does.
    const question = 'can docker run read env vars from a file';
    const answer = askKnowledge(knowledge, question);
    expect(answer).toMatchObject({ found: true, from: 'notes', confidence: 'unsure' });
    const pick = answer.referenceAlternative!;
    expect(pick.source).toBe('container_run.md');
    expect(pick.title).toContain('--env-file');

    const reply = answerReply(answer, knowledge);
    const action = encodeAction({ type: 'reference-pick', sectionId: pick.id, question });
    const button = { label: 'Docker CLI reference: run', action };
    expect(reply.buttons).toContainEqual(button);
    expect(textOf(reply)).toContain(`Or, outside your notes, the Docker CLI reference: run › Examples › ${pick.title}`);
    expect(renderReply(reply, { color: false })).toMatch(/\[\d+\] Docker CLI reference: run\b/);
    const slackButtons = renderBlockKit(reply).blocks.flatMap((b) => ('elements' in b ? (b.elements as { type: string; text?: { text: string }; value?: string; action_id?: string }[]) : []));
    expect(slackButtons.filter((e) => e.type === 'button').map((e) => e.text?.text)).toContain(button.label);
    const discordButtons = renderDiscord(reply).components.flatMap((row) => row.components);
    expect(discordButtons.map((c) => ('custom_id' in c ? [c.label, c.custom_id] : []))).toContainEqual([button.label, action]);
    expect(answerJson(answer).referenceAlternative).toEqual({ title: pick.title, trail: [...pick.trail], source: 'container_run.md' });

    // Pressing it answers from the reference, labelled as such, and tells the notes' authors what was missing.
    const chat = await testChat({ knowledge });
    await chat.say(question);
    const [picked] = await chat.press(action);
    expect(picked!.blocks[0]).toEqual({ kind: 'context', markdown: `**${LABEL}**` });
    expect(textOf(picked!)).toContain('--env-file');
    // Pressed again, it counts once: one person, one question. A forged payload naming a note is answered but not kept.
    await chat.press(action);
    const note = knowledge.index.sections.find((s) => s.units.length > 0)!;
    await chat.press(encodeAction({ type: 'reference-pick', sectionId: note.id, question: 'forged' }));
    const report = await chat.usage.usage.report(86_400_000, knowledge);
    expect(report.totals).toMatchObject({ asked: 1, answered: 1, fromReference: 0, pickedReference: 1 });
    expect(report.unanswered).toEqual([
      expect.objectContaining({ questions: [question], count: 1, fromReference: 0, picked: 1, reference: expect.objectContaining({ source: 'container_run.md' }) }),
    ]);
    const markdown = reportMarkdown(report);
    expect(markdown).toContain('1 answered from the notes (for 1 of them the asker picked the Docker CLI reference instead)');
    expect(markdown).toMatch(/“can docker run read env vars from a file”; the reference picked over an unsure note \(1×\): run › Examples › /);
    // Shared to the channel, the answer reads as it did in private, the reference's section included.
    const share = reply.buttons.find((b) => decodeAction(b.action)?.type === 'share')!;
    const [, shared] = await chat.press(share.action);
    expect(shared!.buttons).toContainEqual(button);

    // Only beside an unsure answer, to a message about Docker, with the reference loaded.
    const sure = askKnowledge(knowledge, 'what does -d do in docker run');
    expect(sure).toMatchObject({ from: 'notes', confidence: 'good', referenceAlternative: null });
    const everyday = askKnowledge(knowledge, 'how do I keep my files safe');
    expect(everyday).toMatchObject({ from: 'notes', confidence: 'unsure', referenceAlternative: null });
    expect(askKnowledge(await notesKnowledge(), question)).toMatchObject({ confidence: 'unsure', referenceAlternative: null });
    // An answer from the reference itself offers no second reference section.
    expect(askKnowledge(knowledge, REFERENCE_ONLY)).toMatchObject({ from: 'reference', referenceAlternative: null });
    expect(answerJson(sure).referenceAlternative).toBeNull();
  });

  it('counts a question answered from the reference as a gap in the notes, naming the reference page', async () => {
    const knowledge = await knowledgeWithReference();
    const { usage, db } = testUsage();
    const event = { platform: 'slack' as const, user: { id: 'U1', isAdmin: false }, channel: { id: 'C1', kind: 'channel' as const }, text: REFERENCE_ONLY };
    const fromReference: Answer = { ...topicAnswer(knowledge, statsPage(knowledge)), question: REFERENCE_ONLY };
    expect(fromReference.from).toBe('reference');
    await usage.asked(event, fromReference);
    await usage.asked(event, askKnowledge(knowledge, 'how do volumes work'));
    const report = await usage.report(86_400_000, knowledge);
    expect(report.totals).toMatchObject({ asked: 2, answered: 1, fromReference: 1 });
    expect(report.unanswered).toEqual([
      expect.objectContaining({ questions: [REFERENCE_ONLY], count: 1, fromReference: 1, reference: { pack: 'docker-reference', trail: ['stats'], source: 'container_stats.md' } }),
    ]);
    expect(report.topics.map((t) => t.source)).toEqual(['day-2.md']);
    const markdown = reportMarkdown(report);
    expect(markdown).toContain('1 only from the Docker CLI reference');
    expect(markdown).toMatch(/“how do I see live cpu and memory usage per container”; answered from the Docker CLI reference: stats \(docker-reference\/container_stats\.md\)/);
    db.close();
  });

  it('reads question logs written before answers had an origin (migration 3)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-usage-'));
    try {
      const file = path.join(dir, 'old.db');
      // A database at version 2, with one answered question in it.
      const v2 = new Database(file);
      migrate(v2, MIGRATIONS.slice(0, 2));
      v2.prepare("INSERT INTO usage_ask (at, platform, channel_kind, user_hash, question, found, kind, section_id, trail, source, score) VALUES (?, 'slack', 'dm', 'h', 'volumes', 1, 'ask', 's1', '[\"Day 2\",\"Volumes\"]', 'day-2.md', 0.9)").run(Date.now());
      v2.close();
      const { usage, db } = testUsage({ db: openDatabase(file) });
      const report = await usage.report(86_400_000, await notesKnowledge());
      expect(report.totals).toMatchObject({ asked: 1, answered: 1, fromReference: 0 });
      expect(report.unanswered).toEqual([]);
      db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts warm from a read-only seed cache (the Docker image ships one) while the cache folder is empty', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-cache-'));
    try {
      const seed = path.join(dir, 'seed');
      const cache = path.join(dir, 'cache');
      expect((await warmCache(seed)).sections).toBeGreaterThan(1000);
      const packs = resolvePacks([], undefined, ROOT);
      const warm = await loadKnowledge(packs, { cacheFor: lastingCaches(cache, seed) });
      expect(warm.sections.some((s) => s.pack === 'docker-reference')).toBe(true);
      // Everything came from the seed: nothing was parsed, so nothing new was written.
      expect(existsSync(cache)).toBe(false);
      await loadKnowledge(packs, { cacheFor: lastingCaches(cache, null) });
      expect((await readdir(cache)).length).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps serving the reference when the notes are reloaded', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-reload-ref-'));
    try {
      await writeFile(path.join(dir, 'volumes.md'), '# Volumes\n\n- `docker volume create data` makes a named volume\n');
      const notes = await loadKnowledge([{ name: 'team', dir }]);
      const base = await withReference(notes);
      const stats = statsPage(base);
      const reference = base.reference;
      const reloaded = new Promise<void>((resolve) => {
        const watcher = watchKnowledge(base, base.knowledge.packs, {
          log: silentLogger,
          debounceMs: 40,
          onReload: () => void watcher.close().then(resolve),
        });
        void watcher.ready.then(() => writeFile(path.join(dir, 'volumes.md'), '# Volumes\n\n- `docker volume prune` removes unused volumes\n'));
      });
      await reloaded;
      expect(answerQuestion(base.index, 'docker volume prune').best?.excerpt.markdown).toContain('removes unused volumes');
      expect(base.reference).toBe(reference);
      expect(base.section(stats.id)).toBe(stats);
      expect(base.url(stats)).toBe('https://docs.docker.com/reference/cli/docker/container/stats/');
      expect(base.knowledge.packs.map((p) => p.name)).toEqual(['team', 'docker-reference']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
