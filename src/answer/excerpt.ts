import type { ItemUnit, Section, Unit } from '../knowledge/section.js';
import { pairTerms, type Analyzer } from '../search/analyze.js';
import { leadText } from '../search/fields.js';
import type { QueryGroup, QueryTerm } from '../search/query.js';

/**
 * Cuts a section down to the lines that answer the question. Each bullet,
 * sub-bullet, table row and code line is scored by the question's terms as
 * the index reads them (same analyzer, synonyms and typo fixes); the best
 * lines come first, then the line after the best one, then lesser matches
 * until the answer is no longer thin. A line keeps the lines it hangs from,
 * so it never reads out of context, and its sub-bullets when they are short.
 */

/** A whole section shorter than this is shown whole: cutting it saves nothing. */
export const WHOLE_SECTION_CHARS = 700;
/** Budget for a cut excerpt; chat readers skim, and the note is one click away. */
export const EXCERPT_CHARS = 900;
/** Sub-bullets up to this size come along with their parent. */
const KEEP_CHILDREN_CHARS = 320;
/** A unit must score this share of the best unit's score to be added. */
const RELATIVE_FLOOR = 0.4;
/** A word the heading already says tells little about which bullet answers. */
const TITLE_WORD_DISCOUNT = 0.3;
/** A bullet that begins with the word (`docker build` ...) is where the note defines it. */
const LEAD_BONUS = 1.5;
/** When the heading is most of the question, this much of the section's opening comes first. */
const OPENING_CHARS = 450;
/** When the heading is some of the question, its first line comes first if it is this short. */
const FIRST_LINE_CHARS = 260;
/** An excerpt shorter than this takes further matching lines, best first, below the floor. */
const FILL_CHARS = 450;
/** A line that quotes a command is what a reader can act on: among lines that answer as well, it goes first. */
const COMMAND_BONUS = 1.25;
/** A question naming `--link` is also about linking: the flag's name counts as a word, this much. */
const FLAG_NAME_WEIGHT = 0.5;
/** "interval- how often…", "Volumes: where data lives": a bullet that opens with a short term and a dash or colon defines it. */
const DEFINED_TERM = /^([\p{L}][\p{L}\p{N}'./]*(?:\s+[\p{L}\p{N}'./]+){0,2})\s*[-–—:]\s/u;

export interface Excerpt {
  readonly markdown: string;
  /** True when something of the section was left out. */
  readonly cut: boolean;
}

type TermWeight = (term: string) => number;

/** What cutting needs from the index: how much a term weighs, and how it reads text. */
export interface TermSource {
  idf(term: string): number;
  readonly analyzer: Analyzer;
}

/** A unit in its place in the section's outline. Built once per section and reused. */
interface Node {
  readonly unit: Unit;
  readonly depth: number;
  readonly order: number;
  readonly parent: Node | null;
  readonly children: Node[];
  /** Length of the unit rendered alone, newline included. */
  readonly length: number;
  /** Rendered subtree below this node (children and deeper), in characters; set once when built. */
  subtreeLength: number;
  /** The next line at the same level under the same parent; set once when built. */
  next: Node | null;
}

interface Outline {
  readonly roots: readonly Node[];
  readonly nodes: readonly Node[];
  readonly whole: string;
}

const outlines = new WeakMap<Section, Outline>();
function outlineOf(section: Section): Outline {
  let outline = outlines.get(section);
  if (!outline) {
    const nodes: Node[] = [];
    const roots = section.units.map((unit) => toNode(unit, 0, null, nodes));
    linkSiblings(roots);
    outline = { roots, nodes, whole: render(roots, () => true) };
    outlines.set(section, outline);
  }
  return outline;
}

/** Terms per analyzer, then per unit: the same note read by two lexicons gives two sets of terms. */
const termCache = new WeakMap<Analyzer, WeakMap<object, ReadonlySet<string>>>();
function cachedTerms(analyzer: Analyzer, key: object, text: () => string[]): ReadonlySet<string> {
  let byKey = termCache.get(analyzer);
  if (!byKey) termCache.set(analyzer, (byKey = new WeakMap()));
  let terms = byKey.get(key);
  if (!terms) byKey.set(key, (terms = new Set(text())));
  return terms;
}
const termsOf = (unit: Unit, analyzer: Analyzer): ReadonlySet<string> =>
  cachedTerms(analyzer, unit, () => [...analyzer.analyze(unit.text), ...unit.code.flatMap((c) => analyzer.analyze(c))]);
const leadTermsOf = (unit: Unit, analyzer: Analyzer): ReadonlySet<string> => cachedTerms(analyzer, unit.code, () => analyzer.analyze(definedText(unit)));

const commandCache = new WeakMap<Analyzer, WeakMap<Unit, boolean>>();
/** The unit quotes a command of the lexicon's programs (`docker volume create`), not just a flag or a path. */
function quotesCommand(unit: Unit, analyzer: Analyzer): boolean {
  let byUnit = commandCache.get(analyzer);
  if (!byUnit) commandCache.set(analyzer, (byUnit = new WeakMap()));
  let quotes = byUnit.get(unit);
  if (quotes === undefined) byUnit.set(unit, (quotes = unit.code.some((c) => analyzer.commandTerms(c).length > 0)));
  return quotes;
}

/** What a unit defines: what the index counts as its lead, or a glossary-style opening term. */
function definedText(unit: Unit): string {
  const lead = leadText(unit);
  if (lead !== '' || unit.kind !== 'item') return lead;
  return DEFINED_TERM.exec(unit.text)?.[1] ?? '';
}

/**
 * The question's groups as cutting reads them. A flag also stands for the
 * word it is named after, since notes explain `--link` in prose ("creating a
 * link adds…") as often as they quote it. A command the question writes out
 * (`docker run`) counts once: its words and their pair join its group, or
 * every line quoting the same command would outscore the line that explains.
 */
export function excerptGroups(groups: readonly QueryGroup[], analyzer: Analyzer): QueryGroup[] {
  const merged = new Map<QueryGroup, QueryGroup>();
  for (const command of groups.filter((g) => g.kind === 'command')) {
    const words = analyzer.wordTerms(command.terms[0]!.term.slice('cmd:'.length));
    const parts = new Set([...words, ...pairTerms(words)]);
    const joined = groups.filter((g) => g !== command && (g.kind === 'word' || g.kind === 'pair') && parts.has(g.terms[0]?.term ?? ''));
    if (joined.length === 0) continue;
    const into: QueryGroup = {
      ...command,
      terms: joined.reduce((terms, g) => mergeTerms(terms, g.terms), command.terms),
      emphasis: Math.max(command.emphasis, ...joined.map((g) => g.emphasis)),
    };
    for (const g of [command, ...joined]) if (!merged.has(g)) merged.set(g, into);
  }
  const out: QueryGroup[] = [];
  for (const group of groups) {
    const final = merged.get(group);
    if (final === undefined) out.push(withFlagName(group, analyzer));
    else if (!out.includes(final)) out.push(final);
  }
  return out;
}

function withFlagName(group: QueryGroup, analyzer: Analyzer): QueryGroup {
  if (group.kind !== 'flag') return group;
  const name = /^--([a-z][a-z0-9]{2,})(?:=|$)/i.exec(group.terms[0]?.term ?? '')?.[1];
  if (name === undefined) return group;
  return { ...group, terms: mergeTerms(group.terms, analyzer.wordTerms(name).map((term) => ({ term, weight: FLAG_NAME_WEIGHT }))) };
}

/** Both lists' terms, each at its higher weight, the first list's order kept. */
function mergeTerms(a: readonly QueryTerm[], b: readonly QueryTerm[]): QueryTerm[] {
  const best = new Map<string, number>();
  for (const { term, weight } of [...a, ...b]) best.set(term, Math.max(best.get(term) ?? 0, weight));
  return [...best].map(([term, weight]) => ({ term, weight }));
}

function bestWeight(group: QueryGroup, terms: ReadonlySet<string>, idf: TermWeight): number {
  let best = 0;
  for (const { term, weight } of group.terms) if (terms.has(term)) best = Math.max(best, weight * idf(term));
  return best;
}

/** The heading says the word itself (not merely a synonym of it). */
function saysInTitle(group: QueryGroup, titleTerms: ReadonlySet<string>): boolean {
  const primary = group.terms[0];
  return primary !== undefined && titleTerms.has(primary.term);
}

/** How well one unit answers: each question group counts once, through its best term. */
export function scoreUnit(unit: Unit, groups: readonly QueryGroup[], source: TermSource, titleTerms: ReadonlySet<string> = new Set()): number {
  const idf: TermWeight = (term) => source.idf(term);
  const terms = termsOf(unit, source.analyzer);
  const lead = leadTermsOf(unit, source.analyzer);
  let score = 0;
  for (const group of groups) {
    let value = bestWeight(group, terms, idf);
    if (value === 0) continue;
    if (bestWeight(group, lead, idf) > 0) value *= LEAD_BONUS;
    if (saysInTitle(group, titleTerms)) value *= TITLE_WORD_DISCOUNT;
    score += value * group.emphasis;
  }
  return score;
}

export function cutExcerpt(section: Section, question: readonly QueryGroup[], source: TermSource): Excerpt {
  const { roots, nodes, whole } = outlineOf(section);
  if (whole.length <= WHOLE_SECTION_CHARS) return { markdown: whole, cut: false };
  const groups = excerptGroups(question, source.analyzer);

  const titleTerms = cachedTerms(source.analyzer, section, () => source.analyzer.analyze(section.title));
  const score = new Map<Node, number>();
  for (const node of nodes) {
    const value = scoreUnit(node.unit, groups, source, titleTerms) * (quotesCommand(node.unit, source.analyzer) ? COMMAND_BONUS : 1);
    if (value > 0) score.set(node, value);
  }
  const ranked = [...score.keys()].sort((a, b) => score.get(b)! - score.get(a)! || a.order - b.order);
  const chosen = new Set<Node>();
  const add = (node: Node, limit: number): boolean => {
    const trial = new Set(chosen);
    chooseLine(node, trial);
    if (size(trial) > limit) return false;
    for (const n of trial) chosen.add(n);
    return true;
  };

  // Asked about the topic itself ("compose file", "how do volumes work"): the
  // note's opening lines say what it is, whatever else matches further down.
  const topical = groups.filter((g) => g.kind !== 'pair');
  const inTitle = topical.filter((g) => saysInTitle(g, titleTerms)).length;
  const openingBudget = inTitle * 2 >= topical.length ? OPENING_CHARS : inTitle > 0 ? FIRST_LINE_CHARS : 0;
  for (const root of roots) if (!add(root, openingBudget)) break;

  const best = ranked[0];
  if (best === undefined) {
    // Nothing matches: the section's start, as far as the budget goes.
    for (const root of roots) if (!add(root, chosen.size === 0 ? Infinity : EXCERPT_CHARS)) break;
  } else {
    const floor = score.get(best)! * RELATIVE_FLOOR;
    const strong = ranked.filter((node) => score.get(node)! >= floor);
    for (const node of strong) add(node, chosen.size === 0 ? Infinity : EXCERPT_CHARS);
    // The line after an answering one is where notes put the caveat or the next step
    // ("Don't use curl though!", "then anyone can `docker run` it"): it comes along when it matches at all.
    for (const node of strong) if (node.next && score.has(node.next)) add(node.next, EXCERPT_CHARS);
    // A one-bullet answer often misses the fact beside it: lines that match less come next, best first.
    for (const node of ranked) {
      if (size(chosen) >= FILL_CHARS) break;
      add(node, EXCERPT_CHARS);
    }
  }
  const markdown = render(roots, (node) => chosen.has(node));
  return { markdown, cut: markdown.length < whole.length };
}

function toNode(unit: Unit, depth: number, parent: Node | null, all: Node[]): Node {
  const children: Node[] = [];
  const node: Node = { unit, depth, order: all.length, parent, children, length: renderUnit(unit, depth).length + 1, subtreeLength: 0, next: null };
  all.push(node);
  if (unit.kind === 'item') for (const child of unit.children) children.push(toNode(child, depth + 1, node, all));
  node.subtreeLength = children.reduce((sum, c) => sum + c.length + c.subtreeLength, 0);
  linkSiblings(children);
  return node;
}

function linkSiblings(nodes: readonly Node[]): void {
  for (let i = 0; i + 1 < nodes.length; i += 1) nodes[i]!.next = nodes[i + 1]!;
}

/** A line with the lines it hangs from, and its children only when they are short: an opening, not an answer. */
function chooseLine(node: Node, into: Set<Node>): void {
  for (let p = node.parent; p; p = p.parent) into.add(p);
  into.add(node);
  if (node.subtreeLength <= KEEP_CHILDREN_CHARS) for (const n of descendants(node)) into.add(n);
}

function descendants(node: Node): Node[] {
  return node.children.flatMap((child) => [child, ...descendants(child)]);
}

function size(nodes: ReadonlySet<Node>): number {
  let total = 0;
  for (const node of nodes) total += node.length;
  return total;
}

/** Markdown for the chosen nodes, in document order, lists kept as lists. */
function render(roots: readonly Node[], keep: (node: Node) => boolean): string {
  const blocks: string[] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (list.length > 0) blocks.push(list.join('\n'));
    list = [];
  };
  const walk = (node: Node): void => {
    if (!keep(node)) return;
    if (node.unit.kind === 'item' || node.unit.kind === 'row') list.push(renderUnit(node.unit, node.depth));
    else {
      flush();
      blocks.push(renderUnit(node.unit, node.depth));
    }
    for (const child of node.children) walk(child);
  };
  for (const root of roots) walk(root);
  flush();
  return blocks.join('\n\n');
}

function renderUnit(unit: Unit, depth: number): string {
  const indent = '  '.repeat(depth);
  switch (unit.kind) {
    case 'item':
      return bullet(unit, indent);
    case 'row':
      return `${indent}- ${rowText(unit.cells, unit.header)}`;
    default:
      return unit.markdown;
  }
}

function bullet(unit: ItemUnit, indent: string): string {
  const [first = '', ...rest] = unit.markdown.split('\n');
  return [`${indent}- ${first}`, ...rest.map((line) => (line ? `${indent}  ${line}` : line))].join('\n');
}

/**
 * A table row as one line: the first cell names it, the others say what they
 * are with their column's header (`api — Host port: 8080 — Container port: 3000`),
 * since a row without its header cannot tell which number is which.
 */
function rowText(cells: readonly string[], header: readonly string[]): string {
  const [name, ...rest] = cells.map((c, i) => ({ cell: c.trim(), head: header[i]?.trim() ?? '' }));
  const described = rest.filter((c) => c.cell !== '').map((c) => (c.head !== '' && c.head !== c.cell ? `${c.head}: ${c.cell}` : c.cell));
  return [name?.cell ?? '', ...described].filter((part) => part !== '').join(' — ');
}
