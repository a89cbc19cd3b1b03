import { createHash } from 'node:crypto';
import Fuse from 'fuse.js';
import { hasWords } from '../input.js';
import { isStopWord } from '../search/analyze.js';
import { fileKey, openingSummary, walkUnits, type Section } from '../knowledge/section.js';
import type { Hit, SearchIndex } from '../search/search-index.js';
import { cutExcerpt, type Excerpt } from './excerpt.js';

/**
 * From a question to what the bot says: the best section cut to the part
 * that answers, or an honest "not in the notes" with the nearest topics.
 */

/** The best section must cover this share of what the question asks about... */
export const MIN_COVERAGE = 0.45;
/** ...and match at least this strongly, or the answer is "not in the notes". */
export const MIN_SCORE = 0.33;
/** Results listed beside an answer (the JSON contract promises at least 3 when there are). */
const RESULT_COUNT = 5;
/** A related topic must score this share of the best to be worth a "see also". */
const RELATED_SHARE = 0.6;

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

export function answerQuestion(index: SearchIndex, question: string, _options: AnswerOptions = {}): Answer {
  const { groups, hits } = index.search(question, RESULT_COUNT * 2);
  const ranked = distinct(hits);
  const top = ranked[0];
  const found = top !== undefined && top.coverage >= MIN_COVERAGE && top.score >= MIN_SCORE;
  const results = padResults(index, question, ranked.slice(0, RESULT_COUNT));

  if (!found || !top) {
    return {
      question,
      found: false,
      from: null,
      confidence: null,
      alternatives: [],
      best: null,
      results,
      related: [],
      suggestions: results.slice(0, 3).map((r) => r.section),
    };
  }
  const excerpt = withPageSummary(index, top.section, cutExcerpt(top.section, groups, (term) => index.idf(term)));
  const related = ranked
    .slice(1)
    .filter((hit) => hit.score >= top.score * RELATED_SHARE && hit.coverage >= MIN_COVERAGE)
    .slice(0, 3)
    .map((hit) => hit.section);
  const confidence: Confidence = top.score >= 0.75 ? 'strong' : top.score >= 0.5 ? 'good' : 'unsure';
  return { question, found: true, from: 'notes', confidence, alternatives: [], best: { section: top.section, score: top.score, excerpt }, results, related, suggestions: [] };
}

/** The answer for a topic picked from a list: the section itself, from its opening. */
export function answerTopic(index: SearchIndex, section: Section): Answer {
  return answerFromSection(index, section.title, section, 1);
}

/** Re-creates an answer about a known section (a shared answer, a vote). */
export function answerFromSection(index: SearchIndex, question: string, section: Section, score: number): Answer {
  const excerpt = cutExcerpt(section, index.parse(question), (term) => index.idf(term));
  return {
    question,
    found: true,
    from: 'notes',
    confidence: 'strong',
    alternatives: [],
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

const summaryCache = new WeakMap<SearchIndex, Map<string, { section: Section; markdown: string }>>();
function pageSummaries(index: SearchIndex): Map<string, { section: Section; markdown: string }> {
  let summaries = summaryCache.get(index);
  if (!summaries) {
    summaries = new Map();
    for (const section of index.sections) {
      const key = fileKey(section);
      if (summaries.has(key) || section.trail.length > 1) continue;
      const opening = openingSummary(section);
      // A bare link is where the page lives, not what it says.
      if (opening && !/^\S+:\/\/\S+$/.test(opening.text)) summaries.set(key, { section, markdown: opening.markdown });
    }
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
  const words = [...new Set(wordsOf(question))].sort((a, b) => b.length - a.length).slice(0, 2);
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

function wordsOf(question: string): string[] {
  return (question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !isStopWord(w)).map((w) => w.slice(0, 16));
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
