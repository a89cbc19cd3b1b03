import type { ItemUnit, Section, Unit } from '../knowledge/section.js';
import type { Analyzer } from '../search/analyze.js';
import { leadText } from '../search/fields.js';
import type { QueryGroup } from '../search/query.js';

/**
 * Cuts a section down to the bullets that answer the question. A bullet
 * keeps its sub-bullets when they are short; a sub-bullet that answers keeps
 * the line it hangs from, so it never reads out of context.
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
const leadTermsOf = (unit: Unit, analyzer: Analyzer): ReadonlySet<string> => cachedTerms(analyzer, unit.code, () => analyzer.analyze(leadText(unit)));

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

export function cutExcerpt(section: Section, groups: readonly QueryGroup[], source: TermSource): Excerpt {
  const { roots, nodes, whole } = outlineOf(section);
  if (whole.length <= WHOLE_SECTION_CHARS) return { markdown: whole, cut: false };

  const titleTerms = cachedTerms(source.analyzer, section, () => source.analyzer.analyze(section.title));
  const score = new Map<Node, number>();
  for (const node of nodes) {
    const value = scoreUnit(node.unit, groups, source, titleTerms);
    if (value > 0) score.set(node, value);
  }
  const ranked = [...score.keys()].sort((a, b) => score.get(b)! - score.get(a)! || a.order - b.order);
  const matches = (node: Node): boolean => score.has(node);
  const chosen = new Set<Node>();
  // Asked about the topic itself ("compose file", "how do volumes work"): the
  // note's opening lines say what it is, whatever else matches further down.
  const topical = groups.filter((g) => g.kind !== 'pair');
  const inTitle = topical.filter((g) => saysInTitle(g, titleTerms)).length;
  const openingBudget = inTitle * 2 >= topical.length ? OPENING_CHARS : inTitle > 0 ? FIRST_LINE_CHARS : 0;
  for (const root of roots) {
    if (size(chosen) + root.length > openingBudget) break;
    choose(root, chosen, matches);
  }
  if (ranked.length === 0) {
    for (const root of roots) {
      if (chosen.size > 0 && size(chosen) + root.length > EXCERPT_CHARS) break;
      choose(root, chosen, matches);
    }
  } else {
    const floor = score.get(ranked[0]!)! * RELATIVE_FLOOR;
    for (const node of ranked) {
      if (score.get(node)! < floor) break;
      if (chosen.has(node)) continue;
      const trial = new Set(chosen);
      choose(node, trial, matches);
      if (chosen.size > 0 && size(trial) > EXCERPT_CHARS) continue;
      for (const n of trial) chosen.add(n);
    }
  }
  const markdown = render(roots, (node) => chosen.has(node));
  return { markdown, cut: markdown.length < whole.length };
}

function toNode(unit: Unit, depth: number, parent: Node | null, all: Node[]): Node {
  const children: Node[] = [];
  const node: Node = { unit, depth, order: all.length, parent, children, length: renderUnit(unit, depth).length + 1, subtreeLength: 0 };
  all.push(node);
  if (unit.kind === 'item') for (const child of unit.children) children.push(toNode(child, depth + 1, node, all));
  node.subtreeLength = children.reduce((sum, c) => sum + c.length + c.subtreeLength, 0);
  return node;
}

/** A node, the lines it hangs from, and its children when they are short or answer too. */
function choose(node: Node, into: Set<Node>, matches: (node: Node) => boolean): void {
  for (let p = node.parent; p; p = p.parent) into.add(p);
  into.add(node);
  if (node.subtreeLength <= KEEP_CHILDREN_CHARS) {
    for (const n of descendants(node)) into.add(n);
    return;
  }
  for (const child of node.children) if (matches(child)) choose(child, into, matches);
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
