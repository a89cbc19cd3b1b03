import type { Section, Unit } from '../knowledge/section.js';
import { openingSummary, walkUnits } from '../knowledge/section.js';
import type { Analyzer } from './analyze.js';
import { normalizeText } from './stem.js';
import { TUNING } from './tuning.js';

/** The fields of a section, in the order `fieldTerms` returns them. */
export const FIELDS = (['title', 'aliases', 'context', 'file', 'summary', 'lead', 'code', 'body'] as const).map((name) => ({
  name,
  ...TUNING.fields[name],
}));

/**
 * Index terms per field, in FIELDS order. `pageSummary` is the one line its
 * page opens with ("Remove one or more images"): a section deeper in the page
 * ("Examples", "Options") is about that too, as much as about its headings.
 */
export function fieldTerms(section: Section, analyzer: Analyzer, pageSummary?: string): string[][] {
  const lead: string[] = [];
  const code: string[] = [];
  const body: string[] = [];
  for (const unit of walkUnits(section.units)) {
    lead.push(...analyzer.analyze(leadText(unit)));
    body.push(...analyzer.analyze(unit.text));
    for (const snippet of unit.code) code.push(...analyzer.analyze(snippet));
  }
  const fileWords = section.source.replace(/\.(md|markdown)$/i, '').replace(/[_/.-]+/g, ' ');
  const opening = openingSummary(section);
  return [
    analyzer.analyze(section.title),
    section.aliases.flatMap((alias) => analyzer.analyze(alias)),
    [...section.trail.slice(0, -1), ...(pageSummary === undefined ? [] : [pageSummary])].flatMap((h) => analyzer.analyze(h)),
    analyzer.analyze(fileWords),
    opening ? analyzer.analyze(opening.text) : [],
    lead,
    code,
    body,
  ];
}

/** What a bullet or table row defines: its leading code span, a leading flag, or its first cell. */
export function leadText(unit: Unit): string {
  if (unit.kind === 'row') return unit.cells[0] ?? '';
  if (unit.kind === 'code') return '';
  const code = /^`([^`]+)`/.exec(unit.markdown);
  // A bullet that opens with a command defines the command, not its arguments.
  if (code) return /^\w+\s/.test(code[1]!) ? code[1]!.split(/\s+-/)[0]! : code[1]!;
  // "-t pseudo-TTY (terminal)": a bullet that opens with a flag defines it. Prose openings define nothing.
  return /^--?[A-Za-z]/.test(unit.text) ? unit.text.split(/\s+/)[0]! : '';
}

/** A section whose every unit is inline code and punctuation: a list of names, not an explanation. */
export function isCodeOnly(section: Section): boolean {
  const units = [...walkUnits(section.units)];
  return units.length > 0 && units.every((u) => u.kind !== 'code' && u.markdown.replace(/`[^`]*`/g, '').replace(/[\s,;.|-]/g, '') === '');
}

/**
 * A section most of whose entries link to other pages of the pack (a
 * "Subcommands" table, a list of guides): an index of where answers are, each
 * entry's own page says more than its one line here.
 */
export function isDirectory(section: Section): boolean {
  const entries = section.units.filter((u) => u.kind === 'row' || u.kind === 'item');
  const linking = entries.filter((u) => LOCAL_PAGE_LINK.test(u.markdown)).length;
  return linking >= MIN_DIRECTORY_ENTRIES && linking * 2 >= entries.length;
}
const LOCAL_PAGE_LINK = /\]\((?![a-z]+:)[^)\s]*\.md(?:#[^)]*)?\)/i;
const MIN_DIRECTORY_ENTRIES = 3;

/** Words as people spell them, for typo correction (stop words and numbers left out). */
export function surfaceWords(section: Section, analyzer: Analyzer): Set<string> {
  const words = new Set<string>();
  const add = (text: string): void => {
    for (const [w] of normalizeText(text).matchAll(/[\p{L}][\p{L}\p{N}]*/gu)) {
      if (w.length >= 3 && !analyzer.isStopWord(w)) words.add(w);
    }
  };
  add(section.title);
  for (const heading of section.trail) add(heading);
  for (const alias of section.aliases) add(alias);
  for (const unit of walkUnits(section.units)) add(unit.text);
  return words;
}
