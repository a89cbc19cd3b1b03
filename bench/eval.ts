/**
 * `npm run eval`: answer quality on the question sets in test/eval/.
 * Prints top-1 (the expected section wins), top-3, fact-in-answer (the posted
 * text contains the expected fact), off-topic refused and answer length.
 * `--verbose` lists every miss.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referencePack } from '../adapters/app/knowledge-packs.js';
import { packageRoot } from '../adapters/app/package-root.js';
import { answerJson, type AnswerJson } from '../src/answer/answer-json.js';
import { answerQuestion } from '../src/answer/compose-answer.js';
import { KnowledgeBase } from '../src/knowledge-base.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import type { KnowledgePack } from '../src/knowledge/section.js';
import { DEFAULT_LEXICON, ENGLISH } from '../src/lexicon/default-lexicon.js';
import { NO_LEXICON, type Lexicon } from '../src/search/lexicon.js';
import { SearchIndex } from '../src/search/search-index.js';
import { formatChatReport, formatReferenceShown, readChatSet, scoreChatSet, type Half } from './chat-set.js';
import { sharedDir } from './corpus.js';

export interface EvalQuestion {
  readonly q: string;
  /** Section title(s) that should win (notes set). */
  readonly section?: string | readonly string[];
  /** File(s) that should win, relative to the pack (CLI reference set). */
  readonly file?: string | readonly string[];
  readonly fact?: string;
  readonly offTopic?: boolean;
}

export interface EvalReport {
  readonly name: string;
  readonly onTopic: number;
  readonly offTopic: number;
  readonly top1: number;
  readonly top3: number;
  readonly fact: number;
  readonly refused: number;
  /** Reference sets: the answer names the page's command (`docker volume inspect` or its alias). */
  readonly command: number | null;
  readonly medianChars: number;
  readonly misses: readonly string[];
}

export function evaluate(name: string, knowledge: KnowledgeBase, questions: readonly EvalQuestion[]): EvalReport {
  let top1 = 0;
  let top3 = 0;
  let fact = 0;
  let refused = 0;
  let command = 0;
  const lengths: number[] = [];
  const misses: string[] = [];
  for (const item of questions) {
    const json = answerJson(answerQuestion(knowledge.index, item.q));
    if (item.offTopic) {
      if (!json.found) refused += 1;
      else misses.push(`off-topic answered: "${item.q}" → ${json.answer?.title}`);
      continue;
    }
    const wins = (r: { title: string; source: string }): boolean => matches(item, r);
    const ok1 = json.found && json.answer !== null && wins(json.answer);
    const ok3 = json.results.slice(0, 3).some(wins);
    const okFact = json.found && item.fact !== undefined && (json.answer?.text ?? '').toLowerCase().includes(item.fact.toLowerCase());
    if (json.answer) lengths.push(json.answer.text.length);
    top1 += Number(ok1);
    top3 += Number(ok3);
    fact += Number(okFact);
    command += Number(json.found && namesCommand(item, json.answer?.text ?? ''));
    if (!ok1 || !okFact) misses.push(describeMiss(item, json, ok1, okFact));
  }
  lengths.sort((a, b) => a - b);
  const onTopic = questions.filter((q) => !q.offTopic).length;
  return {
    name,
    onTopic,
    offTopic: questions.length - onTopic,
    top1: top1 / Math.max(1, onTopic),
    top3: top3 / Math.max(1, onTopic),
    fact: fact / Math.max(1, onTopic),
    refused,
    command: questions.some((q) => q.file !== undefined) ? command / Math.max(1, onTopic) : null,
    medianChars: lengths[Math.floor(lengths.length / 2)] ?? 0,
    misses,
  };
}

function matches(item: EvalQuestion, result: { title: string; source: string }): boolean {
  if (item.section !== undefined) return ([] as string[]).concat(item.section).includes(result.title);
  // Files are named as in docker/cli (reference/commandline/x.md); the bundled pack holds commandline/ itself.
  if (item.file !== undefined) return ([] as string[]).concat(item.file).some((f) => f === result.source || f.endsWith(`/${result.source}`));
  return false;
}

/** `reference/commandline/container_exec.md` is `docker container exec`; `exec.md` beside it is the alias `docker exec`. */
export function commandsOfFiles(files: string | readonly string[]): string[] {
  return ([] as string[]).concat(files).map((f) => `docker ${path.basename(f, '.md').split('_').join(' ')}`);
}

function namesCommand(item: EvalQuestion, text: string): boolean {
  if (item.file === undefined) return false;
  const lower = text.toLowerCase();
  return commandsOfFiles(item.file).some((c) => lower.includes(c));
}

function describeMiss(item: EvalQuestion, json: AnswerJson, ok1: boolean, okFact: boolean): string {
  const got = json.answer ? `${json.answer.title} [${json.answer.source}]` : 'not found';
  const want = item.section ?? item.file;
  return `${ok1 ? '  ' : 'T1'} ${okFact ? '  ' : 'F!'} "${item.q}" → ${got}; want ${JSON.stringify(want)}${item.fact ? ` with "${item.fact}"` : ''}`;
}

export function readQuestions(file: string): EvalQuestion[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { questions: EvalQuestion[] }).questions;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatReport(r: EvalReport): string {
  return [
    `${r.name}: ${r.onTopic} questions + ${r.offTopic} off-topic`,
    `  top-1 ${pct(r.top1)}   top-3 ${pct(r.top3)}   fact in answer ${pct(r.fact)}${r.command === null ? '' : `   command in answer ${pct(r.command)}`}   off-topic refused ${r.refused}/${r.offTopic}   median answer ${r.medianChars} chars`,
  ].join('\n');
}

async function knowledgeFrom(packs: KnowledgePack[]): Promise<KnowledgeBase> {
  return new KnowledgeBase(await loadKnowledge(packs));
}

const LEXICONS: readonly { label: string; lexicon: Lexicon }[] = [
  { label: 'no lexicon', lexicon: NO_LEXICON },
  { label: 'English only', lexicon: ENGLISH },
  { label: 'English + Docker (shipped)', lexicon: DEFAULT_LEXICON },
];

async function run(): Promise<void> {
  const root = packageRoot();
  const verbose = process.argv.includes('--verbose');
  const only = process.argv.find((a) => a.startsWith('--half='))?.slice(7) as Half | undefined;
  const notes = [{ name: 'notes', dir: path.join(root, 'knowledge') }];
  const reference = referencePack();
  const notesSections = (await loadKnowledge(notes)).sections;
  const referenceSections = (await loadKnowledge([reference])).sections;

  const chatFile = path.join(sharedDir(), 'eval', 'chat-questions.json');
  const freshSets = [
    { name: 'fresh set', file: 'chat-fresh-questions.json' },
    // Written after the engine's last tuning, by an author who read only the notes and the reference.
    { name: 'fresh set 2', file: 'chat-fresh-2-questions.json' },
    // Written after the last tuning again and measured once before the changes of that session; never tuned on.
    { name: 'fresh set 3', file: 'chat-fresh-3-questions.json' },
  ];
  const halves: Half[] = only ? [only] : ['tune', 'held'];
  for (const { label, lexicon } of only ? LEXICONS.slice(2) : LEXICONS) {
    const notesIndex = SearchIndex.build(notesSections, { lexicon });
    const referenceIndex = SearchIndex.build(referenceSections, { lexicon });
    console.log(`\n== lexicon: ${label}`);
    for (const half of halves) {
      const questions = readChatSet(chatFile, half);
      const report = scoreChatSet(questions, notesIndex, null);
      console.log(formatChatReport(`chat set, ${half === 'tune' ? 'tuning half' : 'held-back half'}, notes only`, report));
      if (verbose) for (const miss of report.misses) console.log(`    ${miss}`);
      console.log(formatReferenceShown(scoreChatSet(questions, notesIndex, referenceIndex), report));
      const fallback = scoreChatSet(questions, notesIndex, referenceIndex, 'reference');
      console.log(formatChatReport(`chat set, ${half === 'tune' ? 'tuning half' : 'held-back half'}, reference fallback`, fallback));
      if (verbose) for (const miss of fallback.misses) console.log(`    ${miss}`);
    }
    if (!only) {
      for (const set of freshSets) {
        const fresh = readChatSet(path.join(root, 'test', 'eval', set.file));
        const notesOnly = scoreChatSet(fresh, notesIndex, null);
        console.log(formatChatReport(`${set.name} (written without the code), notes only`, notesOnly));
        console.log(formatReferenceShown(scoreChatSet(fresh, notesIndex, referenceIndex), notesOnly));
        console.log(formatChatReport(`${set.name}, reference fallback`, scoreChatSet(fresh, notesIndex, referenceIndex, 'reference')));
      }
    }
  }
  if (only) return;

  const sets: { name: string; file: string; packs: KnowledgePack[] }[] = [
    { name: 'notes (test/eval/notes-questions.json)', file: 'notes-questions.json', packs: notes },
    { name: 'notes, paraphrased (test/eval/notes-paraphrases.json)', file: 'notes-paraphrases.json', packs: notes },
    { name: 'Docker CLI reference (test/eval/cli-reference-questions.json)', file: 'cli-reference-questions.json', packs: [{ ...reference, role: 'notes' }] },
    { name: 'Docker CLI reference, paraphrased (test/eval/cli-reference-paraphrases.json)', file: 'cli-reference-paraphrases.json', packs: [{ ...reference, role: 'notes' }] },
  ];
  for (const set of sets) {
    const questions = readQuestions(path.join(root, 'test', 'eval', set.file));
    const report = evaluate(set.name, await knowledgeFrom(set.packs), questions);
    console.log(formatReport(report));
    if (verbose) for (const miss of report.misses) console.log(`    ${miss}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
