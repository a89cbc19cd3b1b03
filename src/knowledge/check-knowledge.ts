import type { Knowledge, Section, Unit } from './section.js';
import { fileKey, walkUnits } from './section.js';

/**
 * `wharfie knowledge check`: what a team fixes in its notes before the bot
 * answers badly from them. Errors are files the bot cannot read, or reads
 * wrongly (an unclosed code fence, broken front matter); warnings are
 * sections it reads but answers poorly from.
 */

/** Longer than this, a section is several topics under one heading: answers get vague. */
export const LONG_SECTION_CHARS = 5_000;

export interface Finding {
  readonly level: 'error' | 'warning';
  readonly pack: string;
  readonly source: string;
  readonly line?: number;
  readonly message: string;
}

export function checkKnowledge(knowledge: Knowledge): Finding[] {
  const findings: Finding[] = knowledge.problems.map((p) => ({ level: 'error', pack: p.pack, source: p.source, ...(p.line !== undefined ? { line: p.line } : {}), message: p.message }));
  const byFile = new Map<string, Section[]>();
  for (const section of knowledge.sections) {
    const key = fileKey(section);
    byFile.set(key, [...(byFile.get(key) ?? []), section]);
  }
  for (const sections of byFile.values()) {
    const seen = new Map<string, Section>();
    sections.forEach((section, i) => {
      const at = { pack: section.pack, source: section.source, line: section.line };
      const next = sections[i + 1];
      const hasChildren = next !== undefined && next.depth > section.depth;
      if (section.units.length === 0 && !hasChildren) {
        findings.push({ level: 'warning', ...at, message: `"${section.title}" is empty: a heading with nothing under it` });
      }
      const trail = section.trail.join(' › ');
      const first = seen.get(trail);
      if (first) {
        findings.push({ level: 'warning', ...at, message: `"${trail}" is a duplicate heading (first at line ${first.line}): answers cannot tell them apart` });
      } else {
        seen.set(trail, section);
      }
      const length = textLength(section.units);
      if (length > LONG_SECTION_CHARS) {
        findings.push({
          level: 'warning',
          ...at,
          message: `"${section.title}" is ${length.toLocaleString('en')} characters: split it under sub-headings so answers can be specific`,
        });
      }
    });
  }
  return findings.sort((a, b) => a.pack.localeCompare(b.pack) || a.source.localeCompare(b.source) || (a.line ?? 0) - (b.line ?? 0));
}

function textLength(units: readonly Unit[]): number {
  let total = 0;
  for (const unit of walkUnits(units)) total += unit.markdown.length + 1;
  return total;
}
