/**
 * Answer latency and index build time: over the team's notes and over the
 * Docker CLI reference. Times are per question, warm, with the CLI's own
 * code path (answer + JSON).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { referencePack } from '../adapters/app/knowledge-packs.js';
import { packageRoot } from '../adapters/app/package-root.js';
import { answerJson } from '../src/answer/answer-json.js';
import { askKnowledge } from '../src/answer/ask-knowledge.js';
import { KnowledgeBase } from '../src/knowledge-base.js';
import { diskCache } from '../adapters/knowledge/note-cache.js';
import { loadKnowledge, type LoadOptions } from '../src/knowledge/load-knowledge.js';
import type { KnowledgePack } from '../src/knowledge/section.js';
import { cliDocsAvailable, cliDocsDir, sharedDir } from './corpus.js';
import { readChatSet } from './chat-set.js';
import { readQuestions } from './eval.js';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface LatencyFigures {
  readonly buildMs: number;
  readonly loadMs: number;
  readonly sections: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly questions: number;
}

export async function measureAnswers(
  packs: KnowledgePack[],
  questions: readonly string[],
  rounds = 20,
  options: LoadOptions = {},
): Promise<LatencyFigures> {
  const t0 = performance.now();
  const knowledge = await loadKnowledge(packs, options);
  const t1 = performance.now();
  const base = new KnowledgeBase(knowledge);
  const t2 = performance.now();
  // A running bot is warm: let the JIT settle before timing (10 rounds, or 1 s at least).
  const warmUntil = performance.now() + 1_000;
  for (let round = 0; round < 10 || performance.now() < warmUntil; round += 1) {
    for (const q of questions) answerJson(askKnowledge(base, q));
  }
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const q of questions) {
      const start = performance.now();
      answerJson(askKnowledge(base, q));
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  return {
    loadMs: t1 - t0,
    buildMs: t2 - t1,
    sections: base.index.size,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? 0,
    questions: questions.length,
  };
}

const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

export function formatLatency(name: string, f: LatencyFigures): string {
  return `${name}: ${f.sections} sections; parse ${ms(f.loadMs)}, index ${ms(f.buildMs)}; per question p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)} (${f.questions} questions × rounds)`;
}

export async function benchAnswers(): Promise<void> {
  const root = packageRoot();
  const notesQuestions = readQuestions(path.join(root, 'test', 'eval', 'notes-questions.json')).map((q) => q.q);
  const notesPack: KnowledgePack = { name: 'notes', dir: path.join(root, 'knowledge') };
  const notes = await measureAnswers([notesPack], notesQuestions);
  console.log(formatLatency('answers over the notes', notes));
  // The shipped default: the notes first, the bundled reference as a labelled fallback, asked in chat style.
  const chat = readChatSet(path.join(sharedDir(), 'eval', 'chat-questions.json')).map((q) => q.q);
  const reference = referencePack();
  const withReference = await measureAnswers([notesPack, reference], [...chat, ...notesQuestions]);
  console.log(formatLatency('answers over the notes with the reference as fallback (chat set + notes set)', withReference));
  console.log(`resident memory, notes + reference loaded and every question answered, fresh process: ${rssProbe([notesPack, reference], [...chat, ...notesQuestions])}`);
  if (!cliDocsAvailable()) {
    console.log(`answers over the Docker CLI reference: skipped (${cliDocsDir()} not found)`);
    return;
  }
  let cliQuestions: string[] = [];
  try {
    cliQuestions = readQuestions(path.join(root, 'test', 'eval', 'cli-reference-questions.json')).map((q) => q.q);
  } catch {
    // the CLI set arrives with the scale work; the notes' questions still exercise the index
  }
  const all = [...cliQuestions, ...notesQuestions];
  const cliPack = (copy: number): KnowledgePack => ({ name: `docker-cli-${copy}`, dir: cliDocsDir() });
  const cold = await measureAnswers([cliPack(1)], all, 5);
  console.log(formatLatency('answers over the Docker CLI reference (cold start, no cache)', cold));
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-bench-'));
  try {
    await loadKnowledge([cliPack(1)], { cacheFor: diskCache(cacheDir) });
    const warm = await measureAnswers([cliPack(1)], all, 5, { cacheFor: diskCache(cacheDir) });
    console.log(formatLatency('answers over the Docker CLI reference (restart, parse cache)', warm));
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  console.log(`resident memory, CLI reference loaded and every question answered, fresh process: ${rssProbe([cliPack(1)], all)}`);

  // Growth: 1×, 2×, 4×, 8× the reference, as that many packs of the same folder.
  console.log('scaling (copies of the CLI reference as separate packs):');
  let base: LatencyFigures | undefined;
  for (const copies of [1, 2, 4, 8]) {
    const packs = Array.from({ length: copies }, (_, i) => cliPack(i + 1));
    const figures = await measureAnswers(packs, all, 3);
    base ??= figures;
    const ratio = (x: number, y: number): string => (x / y).toFixed(2);
    console.log(
      `  ${copies}× ${String(figures.sections).padStart(6)} sections: p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)}; ` +
        `time ${ratio(figures.p50, base.p50)}× (p50) / ${ratio(figures.p99, base.p99)}× (p99) for ${ratio(figures.sections, base.sections)}× the sections; index ${ms(figures.buildMs)}`,
    );
  }
}

function rssProbe(packs: readonly KnowledgePack[], questions: readonly string[]): string {
  const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-probe.js');
  const out = execFileSync(process.execPath, [probe, JSON.stringify(packs), ...questions], { encoding: 'utf8' });
  const { rssMb, heapMb } = JSON.parse(out) as { rssMb: number; heapMb: number };
  return `RSS ${rssMb.toFixed(0)} MB (JS heap ${heapMb.toFixed(0)} MB)`;
}
