import { createHash } from 'node:crypto';
import Fuse from 'fuse.js';
import { hasWords } from '../input.js';
import { fileKey, pageOpenings, walkUnits, type Section } from '../knowledge/section.js';
import type { Hit, SearchIndex } from '../search/search-index.js';
import type { QueryGroup } from '../search/query.js';
import { commandCard } from './command-card.js';
import { cutExcerpt, type Excerpt } from './excerpt.js';

/**
 * From a question to what the bot says: the best section cut to the part
 * that answers, or an honest "not in the notes" with the nearest topics.
 */

/**
 * When to answer, how sure to say it is, what to list beside it. Set on the
 * development half of the chat set (see bench/eval.ts), reported on the other.
 */
export const ANSWER_TUNING = Object.freeze({
  /** A message with no sign of the domain is answered only when the best section covers this much of it... */
  minCoverage: 0.45,
  /** ...and matches at least this strongly. */
  minScore: 0.33,
  /** A message about the domain is answered when the best section covers at least this much of it. */
  minCoverageWithSignal: 0.2,
  /** ...and, when its only sign is a word shared with everyday life ("container", "image"), at least this much. */
  minCoverageWithSharedSignal: 0.3,
  /** Results listed beside an answer (the JSON contract promises at least 3 when there are). */
  resultCount: 5,
  /** A related topic must score this share of the best to be worth a "see also". */
  relatedShare: 0.6,
  /** Confidence from the margin of the first answer over the next (share of its rank value) and its coverage. */
  strong: { margin: 0.5, coverage: 0.5 },
  good: { margin: 0.15, coverage: 0.3 },
  /** When unsure, offer this many next candidates as one-click choices. */
  alternatives: 2,
});

const RESULT_COUNT = ANSWER_TUNING.resultCount;
const RELATED_SHARE = ANSWER_TUNING.relatedShare;

export interface Candidate {
  readonly section: Section;
  /** Match strength in [0, 1]. */
  readonly score: number;
}

/** How sure the bot is of its first answer: "strong" only where that level was right ≥ 95% of the time on the development set. */
export type Confidence = 'strong' | 'good' | 'unsure';
/** Where an answer comes from: the team's notes, or the bundled Docker CLI reference as a fallback. */
export type AnswerOrigin = 'notes' | 'reference';

export interface Answer {
  readonly question: string;
  readonly found: boolean;
  /** null when nothing was found. */
  readonly from: AnswerOrigin | null;
  /** null when nothing was found. */
  readonly confidence: Confidence | null;
  /** When the first candidates are close: the next best sections, to offer as one-click choices ("Closest notes — pick one"). */
  readonly alternatives: readonly Section[];
  /**
   * Beside an unsure answer from the notes to a question about the domain: the
   * reference's best section, one more labelled choice, never the answer itself; null otherwise.
   */
  readonly referenceAlternative: Section | null;
  readonly best: (Candidate & { readonly excerpt: Excerpt }) | null;
  /** Ranked candidates, best first. */
  readonly results: readonly Candidate[];
  /** "See also" beside an answer. */
  readonly related: readonly Section[];
  /** Nearest topics when the notes do not cover the question. */
  readonly suggestions: readonly Section[];
}

export interface AnswerOptions {
  /** A second index (the Docker CLI reference) that answers, labelled, when the notes do not. */
  readonly reference?: SearchIndex | null;
}

export function answerQuestion(index: SearchIndex, question: string, options: AnswerOptions = {}): Answer {
  const fromNotes = answerFrom(index, question, 'notes');
  const notes = fromNotes.answer;
  if (!options.reference || !fromNotes.asksDomain || (notes.found && notes.confidence !== 'unsure')) return notes;
  const fromReference = answerFrom(options.reference, question, 'reference').answer;
  // Suggestions stay with the notes: "not in the notes" points at the nearest notes, never at the reference.
  if (!notes.found) return fromReference.found ? fromReference : notes;
  // Unsure among the notes: a note near the question is often not the one that holds its fact, and no rule found
  // so far tells those apart from right answers (README, "The reference fallback"). So the reference's best page
  // is offered as one more choice, labelled, while the notes keep the answer.
  return fromReference.found && fromReference.best ? { ...notes, referenceAlternative: fromReference.best.section } : notes;
}

/** Evidence behind a decision, exposed for calibration (bench/eval.ts) and tests. */
export interface Decision {
  readonly answer: Answer;
  /** The message is about the domain (a signal word, a command, a keyword, a known flag). */
  readonly asksDomain: boolean;
  /** Topics asked about that the index never mentions. */
  readonly uncovered: readonly string[];
  /** Rank value of the first answer over the next, as a share of the first (0 = a tie, 1 = no rival). */
  readonly margin: number;
  readonly coverage: number;
}

/**
 * One index's answer. "Not in the notes" is said for a reason: the message
 * names a topic the notes never mention, or it shows no sign of the domain
 * and no section matches well. Never because the message is long.
 */
export function answerFrom(index: SearchIndex, question: string, from: AnswerOrigin): Decision {
  const { groups, hits, signal, sharedSignal, uncovered } = index.search(question, RESULT_COUNT * 2);
  const ranked = distinct(hits);
  const top = ranked[0];
  const results = padResults(index, question, ranked.slice(0, RESULT_COUNT));
  const margin = top ? marginOf(ranked) : 0;
  // The story around a question never lowers the chance of an answer: the asking sentence alone may carry it.
  const coverage = top ? Math.max(top.coverage, top.focusCoverage) : 0;
  // A word shared with everyday life ("container", "volume") lowers the bar only in the team's own notes: a pack
  // the size of the reference has a page that matches any message with such a word ("a 40ft shipping container").
  const sharedCounts = sharedSignal && from === 'notes';
  const matches =
    top !== undefined &&
    (signal
      ? coverage >= ANSWER_TUNING.minCoverageWithSignal
      : sharedCounts
        ? coverage >= ANSWER_TUNING.minCoverageWithSharedSignal
        : coverage >= ANSWER_TUNING.minCoverage && top.score >= ANSWER_TUNING.minScore);
  const found = matches && uncovered.length === 0;
  const evidence = { asksDomain: signal || sharedSignal, uncovered, margin, coverage };

  if (!found || !top) {
    const answer: Answer = {
      question,
      found: false,
      from: null,
      confidence: null,
      alternatives: [],
      referenceAlternative: null,
      best: null,
      results,
      related: [],
      suggestions: results.slice(0, 3).map((r) => r.section),
    };
    return { answer, ...evidence };
  }
  const excerpt = excerptOf(index, top.section, groups);
  const confidence = confidenceOf(margin, coverage);
  const alternatives = confidence === 'unsure' ? ranked.slice(1, 1 + ANSWER_TUNING.alternatives).map((hit) => hit.section) : [];
  const related = ranked
    .slice(1)
    .filter((hit) => !alternatives.includes(hit.section) && hit.score >= top.score * RELATED_SHARE && hit.coverage >= ANSWER_TUNING.minCoverage)
    .slice(0, 3)
    .map((hit) => hit.section);
  const answer: Answer = {
    question,
    found: true,
    from,
    confidence,
    alternatives,
    referenceAlternative: null,
    best: { section: top.section, score: top.score, excerpt },
    results,
    related,
    suggestions: [],
  };
  return { answer, ...evidence };
}

/** How far the first answer stands above the next distinct one. */
function marginOf(ranked: readonly Hit[]): number {
  const [first, second] = ranked;
  if (!first || first.value <= 0) return 0;
  return second ? Math.max(0, (first.value - second.value) / first.value) : 1;
}

export function confidenceOf(margin: number, coverage: number): Confidence {
  const { strong, good } = ANSWER_TUNING;
  if (margin >= strong.margin && coverage >= strong.coverage) return 'strong';
  if (margin >= good.margin && coverage >= good.coverage) return 'good';
  return 'unsure';
}

/** The answer for a topic picked from a list: the section itself, from its opening. */
export function answerTopic(index: SearchIndex, section: Section): Answer {
  return answerFromSection(index, section.title, section, 1);
}

/**
 * What an answer quotes from a section: a reference page's command card, or
 * the cut excerpt led by its page's summary line. The one excerpt for ask,
 * share and topic, so a shared answer reads exactly as the private one did.
 */
function excerptOf(index: SearchIndex, section: Section, groups: readonly QueryGroup[]): Excerpt {
  return commandCard(pageOf(index, section), section, groups, index) ?? withPageSummary(index, section, cutExcerpt(section, groups, index));
}

/** Re-creates an answer about a known section (a shared answer, a picked topic). */
export function answerFromSection(index: SearchIndex, question: string, section: Section, score: number): Answer {
  const excerpt = excerptOf(index, section, index.parse(question));
  return {
    question,
    found: true,
    from: 'notes',
    confidence: 'strong',
    alternatives: [],
    referenceAlternative: null,
    best: { section, score, excerpt },
    results: [{ section, score }],
    related: [],
    suggestions: [],
  };
}

/**
 * A reference page states what it is about in one line under its title
 * ("Remove one or more containers"). An answer from deeper in the page leads
 * with that line, so "Aliases" or "Examples" never stands without context.
 */
function withPageSummary(index: SearchIndex, section: Section, excerpt: Excerpt): Excerpt {
  const summary = pageSummaries(index).get(fileKey(section));
  if (!summary || summary.section === section || excerpt.markdown.includes(summary.markdown)) return excerpt;
  return { markdown: `${summary.markdown}\n\n${excerpt.markdown}`, cut: excerpt.cut };
}

/** Every section of a section's file, in document order: a reference page answers as one command card. */
const pages = new WeakMap<SearchIndex, Map<string, Section[]>>();
function pageOf(index: SearchIndex, section: Section): readonly Section[] {
  let byFile = pages.get(index);
  if (!byFile) {
    byFile = new Map();
    for (const s of index.sections) {
      const key = fileKey(s);
      const list = byFile.get(key);
      if (list) list.push(s);
      else byFile.set(key, [s]);
    }
    pages.set(index, byFile);
  }
  return byFile.get(fileKey(section)) ?? [section];
}

const summaryCache = new WeakMap<SearchIndex, Map<string, { section: Section; markdown: string }>>();
function pageSummaries(index: SearchIndex): Map<string, { section: Section; markdown: string }> {
  let summaries = summaryCache.get(index);
  if (!summaries) {
    // A bare link is where the page lives, not what it says.
    const openings = pageOpenings(index.sections, (opening) => !/^\S+:\/\/\S+$/.test(opening.text));
    summaries = new Map([...openings].map(([key, { section, opening }]) => [key, { section, markdown: opening.markdown }]));
    summaryCache.set(index, summaries);
  }
  return summaries;
}

/** Alias pages (`rm.md` beside `container_rm.md`) say the same thing: list it once. */
function distinct(hits: readonly Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    const key = fingerprint(hit.section);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const fingerprints = new WeakMap<Section, string>();
function fingerprint(section: Section): string {
  let key = fingerprints.get(section);
  if (key === undefined) {
    // Plain text, not markdown: alias pages differ only in their links (`[-f](#force)` vs `-f`).
    const body = [...walkUnits(section.units)].map((u) => u.text).join('\n');
    key = createHash('sha1').update(body).digest('base64url');
    fingerprints.set(section, key);
  }
  return key;
}

/**
 * Tops the ranked list up to three (the JSON contract promises three when the
 * index has them) with the headings nearest in spelling to the question's
 * longest words, at score 0: they are where to look next, never an answer.
 */
function padResults(index: SearchIndex, question: string, ranked: readonly Hit[]): Candidate[] {
  const results: Candidate[] = ranked.map((hit) => ({ section: hit.section, score: round(hit.score) }));
  if (results.length >= 3 || !hasWords(question)) return results;
  const taken = new Set(results.map((r) => fingerprint(r.section)));
  const words = [...new Set(wordsOf(index, question))].sort((a, b) => b.length - a.length).slice(0, 2);
  const near = words.flatMap((word) => nearestTitles(index, word)).sort((a, b) => a.score - b.score);
  for (const { item } of near) {
    if (results.length >= 3) break;
    const key = fingerprint(item);
    if (taken.has(key)) continue;
    taken.add(key);
    results.push({ section: item, score: 0 });
  }
  return results;
}

function wordsOf(index: SearchIndex, question: string): string[] {
  return (question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !index.analyzer.isStopWord(w)).map((w) => w.slice(0, 16));
}

interface NearTitle {
  readonly item: Section;
  readonly score: number;
}

const titleFinders = new WeakMap<SearchIndex, { fuse: Fuse<Section>; memo: Map<string, NearTitle[]> }>();
/** Headings nearest in spelling to one word, memoised: unanswerable questions repeat too. */
function nearestTitles(index: SearchIndex, word: string): NearTitle[] {
  let finder = titleFinders.get(index);
  if (!finder) {
    // One section per heading text: "Options" appears on every CLI page.
    const byTitle = new Map<string, Section>();
    for (const section of index.sections) if (!byTitle.has(section.title)) byTitle.set(section.title, section);
    const fuse = new Fuse([...byTitle.values()], { keys: ['title'], includeScore: true, ignoreLocation: true, threshold: 1 });
    titleFinders.set(index, (finder = { fuse, memo: new Map() }));
  }
  let near = finder.memo.get(word);
  if (!near) {
    near = finder.fuse.search(word, { limit: 3 }).map((r) => ({ item: r.item, score: r.score ?? 1 }));
    if (finder.memo.size >= 2_000) finder.memo.clear();
    finder.memo.set(word, near);
  }
  return near;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
