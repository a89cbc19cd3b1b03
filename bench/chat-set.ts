/**
 * The chat-style development set (`shared/eval/chat-questions.json`, written
 * outside the team) and the fresh set (`test/eval/chat-fresh-questions.json`,
 * written by someone who had not seen the code), scored the way the issue
 * measures: right note first, in the top 3, key fact in the posted answer,
 * off-topic refused, and a calibration table per confidence level.
 *
 * The development set is split in two, stratified: within each (expect, kind)
 * group, in file order, even positions are the tuning half and odd positions
 * the held-back half. Tuning looked only at the tuning half.
 */
import { readFileSync } from 'node:fs';
import { answerJson, type AnswerJson } from '../src/answer/answer-json.js';
import { answerQuestion } from '../src/answer/compose-answer.js';
import type { SearchIndex } from '../src/search/search-index.js';

export interface ChatQuestion {
  readonly q: string;
  readonly expect: 'notes' | 'reference' | 'refuse';
  readonly sections?: readonly string[];
  readonly sources?: readonly string[];
  readonly must?: readonly string[];
  readonly kind: string;
}

export type Half = 'tune' | 'held' | 'all';

export function readChatSet(file: string, half: Half = 'all'): ChatQuestion[] {
  const questions = (JSON.parse(readFileSync(file, 'utf8')) as { questions: ChatQuestion[] }).questions;
  if (half === 'all') return questions;
  const seen = new Map<string, number>();
  return questions.filter((q) => {
    const key = `${q.expect}/${q.kind}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return (n % 2 === 0) === (half === 'tune');
  });
}

export interface ChatReport {
  readonly answerable: number;
  readonly top1: number;
  readonly top3: number;
  readonly fact: number;
  readonly offTopic: number;
  readonly refused: number;
  readonly medianChars: number;
  /**
   * Right first, or among the one-click choices beside an unsure answer: the notes' runners-up; for the reference,
   * its section offered beside an unsure note (not the reference's own runners-up).
   */
  readonly oneClick: number;
  /** Answers from the notes shown with a reference section beside them, and how many of those notes answers were right. */
  readonly referenceShown: readonly [shown: number, rightAlready: number];
  readonly byKind: Record<string, [right: number, of: number]>;
  readonly calibration: Record<string, [right: number, of: number]>;
  readonly misses: string[];
}

/** Scores questions that expect the notes (or, with `expect: 'reference'`, the reference) against what `ask --json` would print. */
export function scoreChatSet(
  questions: readonly ChatQuestion[],
  notes: SearchIndex,
  reference: SearchIndex | null,
  expect: 'notes' | 'reference' = 'notes',
): ChatReport {
  let top1 = 0;
  let top3 = 0;
  let fact = 0;
  let offTopic = 0;
  let refused = 0;
  let oneClick = 0;
  let referenceShown = 0;
  let referenceShownRight = 0;
  const lengths: number[] = [];
  const byKind: Record<string, [number, number]> = {};
  const calibration: Record<string, [number, number]> = {};
  const misses: string[] = [];
  for (const item of questions) {
    if (item.expect !== expect && item.expect !== 'refuse') continue;
    const json: AnswerJson = answerJson(answerQuestion(notes, item.q, { reference }));
    if (item.expect === 'refuse') {
      offTopic += 1;
      if (!json.found) refused += 1;
      else misses.push(`OFF  "${item.q}" → ${json.answer?.title}`);
      continue;
    }
    const wins = (r: { title: string; source: string }): boolean =>
      expect === 'notes' ? (item.sections ?? []).includes(r.title) : (item.sources ?? []).some((s) => r.source.endsWith(s) && r.source.split('/').pop() === s);
    const answered = json.found && json.answer !== null && (expect === 'notes' ? json.from === 'notes' : json.from === 'reference');
    const ok1 = answered && wins(json.answer!);
    const ok3 = json.results.slice(0, 3).some(wins) || ok1;
    const okFact = answered && (item.must ?? []).some((m) => json.answer!.text.includes(m));
    if (json.answer) lengths.push(json.answer.text.length);
    const choices = expect === 'notes' ? json.alternatives : json.referenceAlternative ? [json.referenceAlternative] : [];
    oneClick += Number(ok1 || (json.found && choices.some(wins)));
    if (json.referenceAlternative) {
      referenceShown += 1;
      referenceShownRight += Number(ok1);
    }
    top1 += Number(ok1);
    top3 += Number(ok3);
    fact += Number(okFact);
    const kind = (byKind[item.kind] ??= [0, 0]);
    kind[0] += Number(ok1);
    kind[1] += 1;
    const level = json.found ? (json.confidence ?? 'none') : 'not found';
    const cal = (calibration[level] ??= [0, 0]);
    cal[0] += Number(ok1);
    cal[1] += 1;
    if (!ok1 || !okFact) {
      const got = json.found ? `${json.answer!.title} [${json.from}, ${json.confidence}]` : `not found (${json.results.slice(0, 3).map((r) => r.title).join(' | ')})`;
      misses.push(`${ok1 ? '  ' : 'T1'} ${okFact ? '  ' : 'F!'} [${item.kind}] "${item.q.slice(0, 120)}" → ${got}; want ${(item.sections ?? item.sources ?? []).join(' | ')}`);
    }
  }
  const answerable = Object.values(byKind).reduce((sum, [, of]) => sum + of, 0);
  lengths.sort((a, b) => a - b);
  const share = (n: number): number => n / Math.max(1, answerable);
  return {
    answerable,
    top1: share(top1),
    top3: share(top3),
    fact: share(fact),
    offTopic,
    refused,
    medianChars: lengths[Math.floor(lengths.length / 2)] ?? 0,
    oneClick: share(oneClick),
    referenceShown: [referenceShown, referenceShownRight],
    byKind,
    calibration,
    misses,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatChatReport(name: string, r: ChatReport): string {
  const kinds = Object.entries(r.byKind).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ');
  const cal = ['strong', 'good', 'unsure', 'not found']
    .filter((level) => r.calibration[level])
    .map((level) => {
      const [right, of] = r.calibration[level]!;
      return `${level} ${right}/${of}${of > 0 ? ` (${pct(right / of)})` : ''}`;
    })
    .join(', ');
  return [
    `${name}: ${r.answerable} answerable + ${r.offTopic} to refuse`,
    `  first ${pct(r.top1)}   top-3 ${pct(r.top3)}   fact ${pct(r.fact)}   refused ${r.refused}/${r.offTopic}   median answer ${r.medianChars} chars   one click away ${pct(r.oneClick)}`,
    `  by kind (right first): ${kinds}`,
    `  calibration (right first / answered at that level): ${cal}`,
  ].join('\n');
}

/** Notes questions asked with the reference loaded: the first answer is the notes' as before; how often a reference section sits beside it. */
export function formatReferenceShown(withReference: ChatReport, without: ChatReport): string {
  const [shown, right] = withReference.referenceShown;
  const same = withReference.top1 === without.top1 ? 'as without it' : `${pct(without.top1)} without it`;
  return `  with the reference loaded: first ${pct(withReference.top1)} (${same}); a reference section offered beside ${shown} of ${withReference.answerable} answers, ${right} of them right already`;
}
