import type { Section } from '../knowledge/section.js';
import { fileKey, pageOpenings } from '../knowledge/section.js';
import { Analyzer } from './analyze.js';
import { FIELDS, fieldTerms, isCodeOnly, isDirectory, surfaceWords } from './fields.js';
import { compileLexicon, NO_LEXICON, type Lexicon } from './lexicon.js';
import { findDoc, packPostings, type Postings } from './postings.js';
import { readQuestion, type QueryContext, type QueryGroup, type ReadQuestion } from './query.js';
import { idf, rankValue, saturate, strength } from './ranking.js';
import { TUNING } from './tuning.js';
import { Vocabulary } from './vocabulary.js';

/**
 * BM25F over a term index, with fuse.js correcting the question's words
 * against the vocabulary first. The index knows no domain: language and
 * domain knowledge come in as a Lexicon. Cost per question grows with the
 * postings of the question's terms, not with the number of sections.
 */

export interface Hit {
  readonly section: Section;
  /** Match strength in [0, 1]; higher is better. */
  readonly score: number;
  /** Share of the question's weight the section covers, in [0, 1]. */
  readonly coverage: number;
  /** The same over what the asking sentence and any code say, leaving out the story around them. */
  readonly focusCoverage: number;
  /** BM25F score plus heading bonus, before normalisation. */
  readonly raw: number;
  /** What the ranking ordered by (evidence, discounted for what is left uncovered, plus the page's share). */
  readonly value: number;
}

export interface SearchResult extends ReadQuestion {
  readonly hits: readonly Hit[];
}

export interface IndexOptions {
  /** Language and domain knowledge; without one the engine ranks on the words alone. */
  readonly lexicon?: Lexicon;
}

export class SearchIndex {
  readonly sections: readonly Section[];
  readonly analyzer: Analyzer;
  private readonly postings = new Map<string, Postings>();
  /** Reused by every question (ranking is synchronous): one slot per section, and the best rank values of each page. */
  private readonly scratch: { approx: Float64Array; best: Float64Array; pageBest: Float64Array };
  /** Per section: the number of its page (file), so that sections of one page meet without building keys per question. */
  private readonly pageOf: Uint32Array;
  /** What groupMatch found, read by its caller at once: no object per section and group. */
  private matchValue = 0;
  private matchWeight = 0;
  private readonly titleTerms: ReadonlySet<string>[];
  /** Per section: 1, or less for a section that is only a list of code (an "Aliases" list answers little). */
  private readonly prior: Float64Array;
  private readonly context: QueryContext;
  private readonly maxIdf: number;

  private constructor(sections: readonly Section[], lexicon: Lexicon) {
    this.sections = sections;
    this.analyzer = new Analyzer(compileLexicon(lexicon));
    const openings = pageOpenings(sections);
    const perDoc = sections.map((section) =>
      fieldTerms(section, this.analyzer, section.trail.length > 1 ? openings.get(fileKey(section))?.opening.text : undefined),
    );
    this.prior = Float64Array.from(sections, (section) => (isCodeOnly(section) ? TUNING.codeOnlyPrior : isDirectory(section) ? TUNING.directoryPrior : 1));
    // A one-line summary names the section as much as its heading does ("exec": "Execute a command in a running container").
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
      for (const word of surfaceWords(sections[doc]!, this.analyzer)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
    });
    for (const [term, list] of building) this.postings.set(term, packPostings(list.docs, list.tfs));
    const pages = new Map<string, number>();
    this.pageOf = Uint32Array.from(sections, (section) => {
      const key = fileKey(section);
      let page = pages.get(key);
      if (page === undefined) pages.set(key, (page = pages.size));
      return page;
    });
    this.scratch = {
      approx: new Float64Array(sections.length),
      best: new Float64Array(sections.length),
      pageBest: new Float64Array(pages.size * TUNING.pageSections),
    };

    this.maxIdf = idf(sections.length, 0);
    const flagWords = flagsByFirstWord(flagCounts.keys());
    this.context = {
      analyzer: this.analyzer,
      words: new Vocabulary(wordCounts),
      flags: new Vocabulary(flagCounts),
      hasTerm: (term) => this.postings.has(term),
      flagNamed: (words) => flagNamed(flagWords, words),
      readings: new Map(),
    };
  }

  static build(sections: readonly Section[], options: IndexOptions = {}): SearchIndex {
    return new SearchIndex(
      sections.filter((s) => s.units.length > 0 || s.aliases.length > 0),
      options.lexicon ?? NO_LEXICON,
    );
  }

  get size(): number {
    return this.sections.length;
  }

  /** A message read as groups of terms, with whether it is about the domain and what it asks that the notes lack. */
  read(question: string): ReadQuestion {
    return readQuestion(question, this.context);
  }

  parse(question: string): QueryGroup[] {
    return [...this.read(question).groups];
  }

  idf(term: string): number {
    return idf(this.sections.length, this.postings.get(term)?.docs.length ?? 0);
  }

  /** Whether any section carries the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * How much a group matters to the question: the idf of what it stands for
   * in the notes; for a word the notes never use, a little if it is everyday
   * English and the most a word can weigh if it is not (an uncovered topic).
   * Scaled by the emphasis of the part of the message it came from.
   */
  groupIdf(group: QueryGroup): number {
    if (group.kind === 'pair' || group.kind === 'implied') return 0;
    return group.emphasis * this.baseWeight(group);
  }

  private baseWeight(group: QueryGroup): number {
    const primary = group.terms[0];
    if (group.everyday) return TUNING.everydayWeight;
    if (group.identifier) return TUNING.identifierWeight;
    // A word the notes never use but whose synonym they do ("laptop" → "host") is covered, not a new topic.
    const resolved = primary && this.postings.has(primary.term) ? primary : group.terms.find((t) => t.weight >= 0.5 && this.postings.has(t.term));
    if (!resolved) return TUNING.unknownWeight;
    // Damped: in a small folder idf swings hard on one chance use of a word.
    return 0.5 + this.idf(resolved.term) / this.maxIdf;
  }

  search(question: string, limit = 10): SearchResult {
    const read = this.read(question);
    return { ...read, hits: this.rank(read.groups, limit) };
  }

  rank(groups: readonly QueryGroup[], limit = 10): Hit[] {
    if (groups.length === 0 || this.sections.length === 0) return [];
    const weights = groups.map((group) => this.groupIdf(group));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const inFocus = groups.map((group) => group.emphasis >= 1);
    const focusTotal = weights.reduce((sum, w, g) => sum + (inFocus[g] ? w : 0), 0);
    // What a section would earn matching every word once in its body.
    const rawScale = groups.reduce((sum, g) => sum + (g.kind === 'pair' ? 0 : g.emphasis * this.idf(g.terms[0]?.term ?? '')), 0) || 1;
    // Each term's postings and value, looked up once per question rather than once per candidate.
    const resolved = groups.map((group) =>
      group.terms.flatMap(({ term, weight }) => {
        const list = this.postings.get(term);
        return list ? [{ term, weight, list, value: this.termValue(group, weight, list.docs.length) }] : [];
      }),
    );
    const scored = this.candidates(groups, resolved, Math.max(TUNING.candidates, limit * 4)).map((doc) => {
      let raw = 0;
      let covered = 0;
      let focusCovered = 0;
      for (let g = 0; g < groups.length; g += 1) {
        this.groupMatch(resolved[g]!, doc);
        raw += this.matchValue * groups[g]!.emphasis;
        covered += weights[g]! * this.matchWeight;
        if (inFocus[g]) focusCovered += weights[g]! * this.matchWeight;
      }
      const coverage = Math.min(1, covered / total);
      const focusCoverage = focusTotal > 0 ? Math.min(1, focusCovered / focusTotal) : coverage;
      raw *= this.prior[doc]!;
      // Strength reads what the message asks: the story around it never makes a match weaker.
      return { doc, section: this.sections[doc]!, raw, coverage, focusCoverage, score: strength(raw, Math.max(coverage, focusCoverage), rawScale), value: 0 };
    });
    // A page with several sections on the question is about it: lend each section a share of its page's best.
    const hits: Hit[] = this.withPageShare(scored);
    hits.sort((a, b) => b.value - a.value);
    // Strength reads best first too: a section ranked lower never shows a higher strength.
    let ceiling = 1;
    return hits.slice(0, limit).map((hit) => {
      ceiling = Math.min(ceiling, hit.score);
      return ceiling === hit.score ? hit : { ...hit, score: ceiling };
    });
  }

  /**
   * Each hit's rank value plus TUNING.pageShare of the mean of its page's best
   * TUNING.pageSections rank values. A page's slots start at 0, which stands
   * for "no section": rank values are never negative (BM25F, coverage, idf,
   * emphasis and priors all are not).
   */
  private withPageShare(scored: readonly (Hit & { readonly doc: number })[]): Hit[] {
    const top = this.scratch.pageBest;
    const n = TUNING.pageSections;
    const values = scored.map((hit) => rankValue(hit));
    const slots = scored.map((hit) => this.pageOf[hit.doc]! * n);
    slots.forEach((base, i) => {
      // Keep the page's best n, largest first, in its n slots.
      let value = values[i]!;
      for (let k = base; k < base + n; k += 1) {
        if (value > top[k]!) [value, top[k]] = [top[k]!, value];
      }
    });
    const hits = scored.map(({ doc: _doc, ...hit }, i) => {
      let page = 0;
      for (let k = slots[i]!; k < slots[i]! + n; k += 1) page += top[k]!;
      return { ...hit, value: values[i]! + TUNING.pageShare * (page / n) };
    });
    for (const base of slots) top.fill(0, base, base + n);
    return hits;
  }

  /** Step one: the sections worth scoring exactly, by a sum over each term's strongest postings. */
  private candidates(groups: readonly QueryGroup[], resolved: readonly (readonly ResolvedTerm[])[], count: number): number[] {
    const { approx, best } = this.scratch;
    const touched: number[] = [];
    groups.forEach((group, g) => {
      const inGroup: number[] = [];
      for (const { list, weight, value: termValue } of resolved[g]!) {
        const value = termValue * group.emphasis;
        const read = Math.min(list.docs.length, weight >= 0.9 ? TUNING.readPrimary : TUNING.readExpansion);
        for (let i = 0; i < read; i += 1) {
          const at = list.impact ? list.impact[i]! : i;
          const doc = list.docs[at]!;
          const v = value * saturate(list.tfs[at]!);
          if (best[doc] === 0) inGroup.push(doc);
          if (v > best[doc]!) best[doc] = v;
        }
      }
      for (const doc of inGroup) {
        if (approx[doc] === 0) touched.push(doc);
        approx[doc] = approx[doc]! + best[doc]!;
        best[doc] = 0;
      }
    });
    const chosen = touched.length <= count ? touched : touched.sort((a, b) => approx[b]! - approx[a]!).slice(0, count);
    for (const doc of touched) approx[doc] = 0;
    return chosen;
  }

  /** Step two: a group's exact contribution to one section, through its best term, and that term's weight. */
  private groupMatch(terms: readonly ResolvedTerm[], doc: number): void {
    let value = 0;
    let weight = 0;
    const title = this.titleTerms[doc]!;
    for (const term of terms) {
      const at = findDoc(term.list.docs, doc);
      if (at < 0) continue;
      let v = term.value * saturate(term.list.tfs[at]!);
      if (title.has(term.term)) v += term.value * TUNING.titleBonus;
      if (v > value) value = v;
      if (term.weight > weight) weight = term.weight;
    }
    this.matchValue = value;
    this.matchWeight = weight;
  }

  private termValue(group: QueryGroup, weight: number, df: number): number {
    return (group.kind === 'pair' ? TUNING.pairWeight : 1) * weight * idf(this.sections.length, df);
  }
}

/** A query term with its postings and value, resolved once per question. */
interface ResolvedTerm {
  readonly term: string;
  readonly weight: number;
  readonly list: Postings;
  readonly value: number;
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
