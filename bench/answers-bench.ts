/**
 * Answer latency and index build time: over the team's notes and over the
 * Docker CLI reference. Times are per question, warm, with the CLI's own
 * code path (answer + JSON).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../adapters/app/package-root.js';
import { answerJson } from '../src/answer/answer-json.js';
import { answerQuestion } from '../src/answer/compose-answer.js';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import type { KnowledgePack } from '../src/knowledge/section.js';
import { cliDocsAvailable, cliDocsDir } from './corpus.js';
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

export async function measureAnswers(packs: KnowledgePack[], questions: readonly string[], rounds = 20): Promise<LatencyFigures> {
  const t0 = performance.now();
  const knowledge = await loadKnowledge(packs);
  const t1 = performance.now();
  const base = new KnowledgeBase(knowledge);
  const t2 = performance.now();
  // A running bot is warm: let the JIT settle before timing (10 rounds, or 1 s at least).
  const warmUntil = performance.now() + 1_000;
  for (let round = 0; round < 10 || performance.now() < warmUntil; round += 1) {
    for (const q of questions) answerJson(answerQuestion(base.index, q));
  }
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const q of questions) {
      const start = performance.now();
      answerJson(answerQuestion(base.index, q));
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
  const notes = await measureAnswers([{ name: 'notes', dir: path.join(root, 'knowledge') }], notesQuestions);
  console.log(formatLatency('answers over the notes', notes));
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
  const cli = await measureAnswers([{ name: 'docker-cli', dir: cliDocsDir() }], [...cliQuestions, ...notesQuestions], 5);
  console.log(formatLatency('answers over the Docker CLI reference', cli));
}
