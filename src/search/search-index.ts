import type { Section, Unit } from '../knowledge/section.js';
import { fileKey, openingSummary, walkUnits } from '../knowledge/section.js';
import { analyze, normalizeText, STOP_WORDS } from './analyze.js';
import { parseQuery, type QueryContext, type QueryGroup } from './query.js';
import { synonymTable } from './synonyms.js';
import { Vocabulary } from './vocabulary.js';

/**
 * BM25F over a term index, with fuse.js correcting the question's words
 * against the vocabulary first. Cost per question grows with the postings of
 * the question's terms, not with the number of sections.
 */

/** Field weights: a heading says what a section is about; code says what it runs. */
const FIELDS = [
  { name: 'title', weight: 2, b: 0.3 },
  { name: 'aliases', weight: 4, b: 0.3 },
  { name: 'context', weight: 1, b: 0.5 },
  /** The file's own name: on a reference, the command it documents (volume_create.md). */
  { name: 'file', weight: 2, b: 0 },
  /** A section that opens with one short sentence states its topic there ("Remove one or more containers"). */
  { name: 'summary', weight: 3, b: 0.3 },
  /** How each bullet or table row begins: where a note defines a command or flag. */
  { name: 'lead', weight: 3, b: 0 },
  { name: 'code', weight: 1.5, b: 0.5 },
  { name: 'body', weight: 1, b: 0.5 },
] as const;
const K1 = 1.2;
/**
 * Sections of a page that answers many parts of a question share in it: each
 * gets a fifth of the mean of its page's three best. On the CLI reference this
 * breaks near-ties toward the command's own page (tag an image → image_tag.md).
 */
const PAGE_SHARE = 0.2;
const PAGE_SECTIONS = 3;
/** A section that is only a list of code (an "Aliases" list) ranks at this share of its score. */
const CODE_ONLY_PRIOR = 0.7;
/** Matching the section's own heading says more than any count of body words. */
const TITLE_BONUS = 1.2;
/** Word pairs are evidence of phrasing, worth less than a word of their own. */
const PAIR_WEIGHT = 0.5;
/**
 * How much each kind of question word must be covered, relative to a known
 * word (0.5 to 1.5 by rarity): an everyday word the notes never use is
 * phrasing; any other word they never use is a topic they do not cover.
 */
const EVERYDAY_WEIGHT = 0.25;
const UNKNOWN_WEIGHT = 2.5;
/** A name the notes do not use (node_modules, my-app, v1.2) is an instance of a topic, not the topic. */
const IDENTIFIER_WEIGHT = 0.5;

export interface Hit {
  readonly section: Section;
  /** Match strength in [0, 1]; higher is better. */
  readonly score: number;
  /** Share of the question's weight the section covers, in [0, 1]. */
  readonly coverage: number;
  /** BM25F score plus heading bonus, before normalisation. */
  readonly raw: number;
}

export interface SearchResult {
  readonly groups: readonly QueryGroup[];
  readonly hits: readonly Hit[];
}

interface Postings {
  /** Sections carrying the term, in section order (for lookups by binary search). */
  docs: Int32Array;
  /** BM25F pseudo-frequency of the term in each of those sections, lengths already normalised. */
  tfs: Float32Array;
  /** Positions in `docs`, strongest first; only for terms common enough to be cut short. */
  impact: Int32Array | null;
}

/**
 * Ranking runs in two steps. First, candidates: each question term reads at
 * most this many of its postings, strongest first. Only common terms are
 * that long, and they weigh little (low idf), so the candidates are the same
 * while the cost stops growing with the folder. Then the best candidates are
 * scored exactly, every term looked up.
 */
const READ_PRIMARY = 400;
const READ_EXPANSION = 150;
const CANDIDATES = 64;

export class SearchIndex {
  readonly sections: readonly Section[];
  private readonly postings = new Map<string, Postings>();
  /** Reused by every question (ranking is synchronous): one slot per section. */
  private readonly scratch: { approx: Float64Array; best: Float64Array };
  private readonly titleTerms: ReadonlySet<string>[];
  /** Per section: 1, or less for a section that is only a list of code (an "Aliases" list answers little). */
  private readonly prior: Float64Array;
  private readonly context: QueryContext;
  private readonly maxIdf: number;

  private constructor(sections: readonly Section[]) {
    this.sections = sections;
    const perDoc = sections.map(fieldTerms);
    // A one-line summary names the section as much as its heading does ("exec": "Execute a command in a running container").
    this.prior = Float64Array.from(sections, (section) => (isCodeOnly(section) ? CODE_ONLY_PRIOR : 1));
    this.titleTerms = perDoc.map((fields) => new Set([...fields[0]!, ...fields[1]!, ...fields[4]!]));
    const avg = FIELDS.map((_, f) => perDoc.reduce((sum, doc) => sum + doc[f]!.length, 0) / Math.max(1, perDoc.length) || 1);
    const wordCounts = new Map<string, number>();
    const flagCounts = new Map<string, number>();

    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    perDoc.forEach((fields, doc) => {
      const weighted = new Map<string, number>();
      fields.forEach((terms, f) => {
        const { weight, b } = FIELDS[f]!;
        const norm = 1 - b + (b * terms.length) / avg[f]!;
        const tf = new Map<string, number>();
        for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
        for (const [term, n] of tf) weighted.set(term, (weighted.get(term) ?? 0) + (weight * n) / norm);
      });
      for (const [term, tf] of weighted) {
        let list = building.get(term);
        if (!list) building.set(term, (list = { docs: [], tfs: [] }));
        list.docs.push(doc);
        list.tfs.push(tf);
        if (term.startsWith('--')) flagCounts.set(term, (flagCounts.get(term) ?? 0) + 1);
      }
      for (const word of surfaceWords(sections[doc]!)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
    });
    for (const [term, list] of building) this.postings.set(term, packPostings(list.docs, list.tfs));
    this.scratch = { approx: new Float64Array(sections.length), best: new Float64Array(sections.length) };

    this.maxIdf = idf(sections.length, 0);
    const flagWords = flagsByFirstWord(flagCounts.keys());
    this.context = {
      words: new Vocabulary(wordCounts),
      flags: new Vocabulary(flagCounts),
      hasTerm: (term) => this.postings.has(term),
      synonyms: synonymTable(),
      flagNamed: (words) => flagNamed(flagWords, words),
    };
  }

  static build(sections: readonly Section[]): SearchIndex {
    return new SearchIndex(sections.filter((s) => s.units.length > 0 || s.aliases.length > 0));
  }

  get size(): number {
    return this.sections.length;
  }

  parse(question: string): QueryGroup[] {
    return parseQuery(question, this.context);
  }

  idf(term: string): number {
    return idf(this.sections.length, this.postings.get(term)?.docs.length ?? 0);
  }

  /**
   * How much a group matters to the question: the idf of what it stands for
   * in the notes; for a word the notes never use, a little if it is everyday
   * English and the most a word can weigh if it is not (an uncovered topic).
   */
  groupIdf(group: QueryGroup): number {
    if (group.kind === 'pair' || group.kind === 'implied') return 0;
    const primary = group.terms[0];
    if (group.everyday) return EVERYDAY_WEIGHT;
    if (group.identifier) return IDENTIFIER_WEIGHT;
    // A word the notes never use but whose synonym they do ("laptop" → "host") is covered, not a new topic.
    const resolved = primary && this.postings.has(primary.term) ? primary : group.terms.find((t) => t.weight >= 0.5 && this.postings.has(t.term));
    if (!resolved) return UNKNOWN_WEIGHT;
    // Damped: in a small folder idf swings hard on one chance use of a word.
    return 0.5 + this.idf(resolved.term) / this.maxIdf;
  }

  search(question: string, limit = 10): SearchResult {
    const groups = this.parse(question);
    return { groups, hits: this.rank(groups, limit) };
  }

  rank(groups: readonly QueryGroup[], limit = 10): Hit[] {
    if (groups.length === 0 || this.sections.length === 0) return [];
    const weights = groups.map((group) => this.groupIdf(group));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    // What a section would earn matching every word once in its body.
    const rawScale = groups.reduce((sum, g) => sum + (g.kind === 'pair' ? 0 : this.idf(g.terms[0]?.term ?? '')), 0) || 1;
    const hits = this.candidates(groups, Math.max(CANDIDATES, limit * 4)).map((doc) => {
      let raw = 0;
      let covered = 0;
      groups.forEach((group, g) => {
        const { value, weight } = this.groupMatch(group, doc);
        raw += value;
        covered += weights[g]! * weight;
      });
      const coverage = Math.min(1, covered / total);
      raw *= this.prior[doc]!;
      return { section: this.sections[doc]!, raw, coverage, score: strength(raw, coverage, rawScale) };
    });
    // A page with several sections on the question is about it: lend each section a share of its page's best.
    const pageBest = new Map<string, number[]>();
    for (const hit of hits) {
      const key = fileKey(hit.section);
      pageBest.set(key, [...(pageBest.get(key) ?? []), rankValue(hit)].sort((a, b) => b - a).slice(0, PAGE_SECTIONS));
    }
    const pageValue = (hit: Hit): number => (pageBest.get(fileKey(hit.section)) ?? []).reduce((sum, v) => sum + v, 0) / PAGE_SECTIONS;
    const value = new Map(hits.map((hit) => [hit, rankValue(hit) + PAGE_SHARE * pageValue(hit)]));
    hits.sort((a, b) => value.get(b)! - value.get(a)!);
    // Strength reads best first too: a section ranked lower never shows a higher strength.
    let ceiling = 1;
    return hits.slice(0, limit).map((hit) => {
      ceiling = Math.min(ceiling, hit.score);
      return ceiling === hit.score ? hit : { ...hit, score: ceiling };
    });
  }

  /** Step one: the sections worth scoring exactly, by a sum over each term's strongest postings. */
  private candidates(groups: readonly QueryGroup[], count: number): number[] {
    const { approx, best } = this.scratch;
    const touched: number[] = [];
    for (const group of groups) {
      const inGroup: number[] = [];
      for (const { term, weight } of group.terms) {
        const list = this.postings.get(term);
        if (!list) continue;
        const value = this.termValue(group, weight, list.docs.length);
        const read = Math.min(list.docs.length, weight >= 0.9 ? READ_PRIMARY : READ_EXPANSION);
        for (let i = 0; i < read; i += 1) {
          const at = list.impact ? list.impact[i]! : i;
          const doc = list.docs[at]!;
          const tf = list.tfs[at]!;
          const v = value * saturate(tf);
          if (best[doc] === 0) inGroup.push(doc);
          if (v > best[doc]!) best[doc] = v;
        }
      }
      for (const doc of inGroup) {
        if (approx[doc] === 0) touched.push(doc);
        approx[doc] = approx[doc]! + best[doc]!;
        best[doc] = 0;
      }
    }
    const chosen = touched.length <= count ? touched : touched.sort((a, b) => approx[b]! - approx[a]!).slice(0, count);
    for (const doc of touched) approx[doc] = 0;
    return chosen;
  }

  /** Step two: a group's exact contribution to one section, through its best term, and that term's weight. */
  private groupMatch(group: QueryGroup, doc: number): { value: number; weight: number } {
    let value = 0;
    let weight = 0;
    for (const term of group.terms) {
      const list = this.postings.get(term.term);
      if (!list) continue;
      const at = findDoc(list.docs, doc);
      if (at < 0) continue;
      const termValue = this.termValue(group, term.weight, list.docs.length);
      let v = termValue * saturate(list.tfs[at]!);
      if (this.titleTerms[doc]!.has(term.term)) v += termValue * TITLE_BONUS;
      if (v > value) value = v;
      if (term.weight > weight) weight = term.weight;
    }
    return { value, weight };
  }

  private termValue(group: QueryGroup, weight: number, df: number): number {
    return (group.kind === 'pair' ? PAIR_WEIGHT : 1) * weight * idf(this.sections.length, df);
  }
}

/** BM25 term-frequency saturation. */
function saturate(tf: number): number {
  return (tf * (K1 + 1)) / (tf + K1);
}

function packPostings(docs: number[], tfs: number[]): Postings {
  const packed: Postings = { docs: Int32Array.from(docs), tfs: Float32Array.from(tfs), impact: null };
  if (docs.length > READ_EXPANSION) {
    packed.impact = Int32Array.from(docs.keys()).sort((a, b) => tfs[b]! - tfs[a]! || a - b);
  }
  return packed;
}

/** Binary search in a sorted list of section numbers; -1 when absent. */
function findDoc(docs: Int32Array, doc: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = docs[mid]!;
    if (at === doc) return mid;
    if (at < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** `--build-arg` filed under "build" as ["build", "arg"]. */
function flagsByFirstWord(flags: Iterable<string>): Map<string, { flag: string; words: string[] }[]> {
  const byFirst = new Map<string, { flag: string; words: string[] }[]>();
  for (const flag of flags) {
    const words = flag.slice(2).split('-');
    if (!flag.startsWith('--') || words.length < 2 || words.length > 3 || words.some((w) => w === '')) continue;
    const list = byFirst.get(words[0]!) ?? [];
    list.push({ flag, words });
    byFirst.set(words[0]!, list);
  }
  return byFirst;
}

/** Words spell a flag when each matches its part, the last allowed to run on ("argument" for `arg`). */
function flagNamed(byFirst: Map<string, { flag: string; words: string[] }[]>, words: readonly string[]): string | undefined {
  for (const { flag, words: parts } of byFirst.get(words[0] ?? '') ?? []) {
    if (parts.length !== words.length) continue;
    const fits = parts.every((part, i) => words[i] === part || (i === parts.length - 1 && part.length >= 3 && words[i]!.startsWith(part)));
    if (fits) return flag;
  }
  return undefined;
}

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Order: BM25F evidence, discounted for the part of the question left uncovered. */
function rankValue(hit: Hit): number {
  return hit.raw * (0.25 + 0.75 * hit.coverage);
}

/**
 * Strength blends how much of the question the section covers with how
 * strongly it covers it (BM25F relative to what matching each word once earns).
 */
function strength(raw: number, coverage: number, scale: number): number {
  const intensity = 1 - Math.exp(-raw / (1.5 * scale));
  return Math.min(1, Math.max(0, coverage * (0.5 + 0.5 * intensity)));
}

function fieldTerms(section: Section): string[][] {
  const lead: string[] = [];
  const code: string[] = [];
  const body: string[] = [];
  for (const unit of walkUnits(section.units)) {
    lead.push(...analyze(leadText(unit)));
    body.push(...analyze(unit.text));
    for (const snippet of unit.code) code.push(...analyze(snippet));
  }
  const fileWords = section.source.replace(/\.(md|markdown)$/i, '').replace(/[_/.-]+/g, ' ');
  const opening = openingSummary(section);
  const summary = opening ? analyze(opening.text) : [];
  return [
    analyze(section.title),
    section.aliases.flatMap((alias) => analyze(alias)),
    section.trail.slice(0, -1).flatMap((h) => analyze(h)),
    analyze(fileWords),
    summary,
    lead,
    code,
    body,
  ];
}

/** A section whose every unit is inline code and punctuation: a list of names, not an explanation. */
function isCodeOnly(section: Section): boolean {
  const units = [...walkUnits(section.units)];
  return units.length > 0 && units.every((u) => u.kind !== 'code' && u.markdown.replace(/`[^`]*`/g, '').replace(/[\s,;.|-]/g, '') === '');
}

/** What a bullet or table row defines: its leading code span, a leading flag, or its first cell. */
export function leadText(unit: Unit): string {
  if (unit.kind === 'row') return unit.cells[0] ?? '';
  if (unit.kind === 'code') return '';
  const code = /^`([^`]+)`/.exec(unit.markdown);
  // A bullet that opens with a command defines the command, not its arguments.
  if (code) return /^docker\s/i.test(code[1]!) ? code[1]!.split(/\s+-/)[0]! : code[1]!;
  // "-t pseudo-TTY (terminal)": a bullet that opens with a flag defines it. Prose openings define nothing.
  return /^--?[A-Za-z]/.test(unit.text) ? unit.text.split(/\s+/)[0]! : '';
}

/** Words as people spell them, for typo correction (stop words and numbers left out). */
function surfaceWords(section: Section): Set<string> {
  const words = new Set<string>();
  const add = (text: string): void => {
    for (const [w] of normalizeText(text).matchAll(/[\p{L}][\p{L}\p{N}]*/gu)) {
      if (w.length >= 3 && !STOP_WORDS.has(w)) words.add(w);
    }
  };
  add(section.title);
  for (const heading of section.trail) add(heading);
  for (const alias of section.aliases) add(alias);
  for (const unit of walkUnits(section.units)) add(unit.text);
  return words;
}
