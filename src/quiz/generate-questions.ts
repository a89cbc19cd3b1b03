import { createHash } from 'node:crypto';
import type { Knowledge, Section, Unit } from '../knowledge/section.js';
import { walkUnits } from '../knowledge/section.js';
import { defaultAnalyzer } from '../lexicon/default-lexicon.js';
import { normalizeText, stem } from '../search/stem.js';
import { CHOICES, comparable, problemsWith, type QuizQuestion } from './quiz-question.js';
import { shuffled } from './seeded.js';

/**
 * Questions from the notes themselves. Three kinds, each with distractors of
 * its own kind: a command and what it does (both ways round), a flag and its
 * meaning, and which topic of the notes a statement belongs to. A question
 * that fails the rules in quiz-question.ts is dropped, never posted.
 */

interface Fact {
  readonly key: string;
  readonly meaning: string;
  readonly section: Section;
  readonly unit: Unit;
}

const MEANING_MIN = 8;
const MEANING_MAX = 110;
/** Descriptions that start like this are asides, not what the command does. */
const ASIDE = /^(note|e\.?g|i\.?e|so|but|then|which|we|usually|also|as|or|and|it|this|that|see|with|is|are|has|in|like)\b/i;

export function generateQuestions(knowledge: Knowledge): QuizQuestion[] {
  const commands: Fact[] = [];
  const flags: Fact[] = [];
  for (const section of knowledge.sections) {
    for (const unit of walkUnits(section.units)) {
      const command = commandFact(unit, section);
      if (command) commands.push(command);
      const flag = flagFact(unit, section);
      if (flag) flags.push(flag);
    }
  }
  const made: QuizQuestion[] = [
    ...distinctFacts(commands).flatMap((fact, _i, all) => [commandQuestion(fact, all), whichCommandQuestion(fact, all)]),
    ...distinctFacts(flags).map((fact, _i, all) => flagQuestion(fact, all)),
    ...topicQuestions(knowledge.sections),
  ].filter((q): q is QuizQuestion => q !== null);
  const seen = new Set<string>();
  return made.filter((q) => problemsWith(q).length === 0 && !seen.has(q.id) && (seen.add(q.id), true));
}

/** "`docker info` - verifies Docker is installed", "`docker ps` to list the running containers". */
function commandFact(unit: Unit, section: Section): Fact | null {
  if (unit.kind !== 'item' && unit.kind !== 'paragraph') return null;
  const match = /^`(docker [^`]+)`\s*(?:[-–—:]\s*|to\s+)?([^`]*?)(?:[.(;]|$)/.exec(unit.markdown.split('\n')[0]!);
  if (!match) return null;
  const command = match[1]!.replace(/\s+<[^>]+>|\s+\[[^\]]+\]/g, '').trim();
  const meaning = cleanMeaning(match[2]!);
  if (!meaning || ASIDE.test(meaning)) return null;
  // "`docker exec` to exec in a container" answers itself.
  const words = command.split(/\s+/).slice(1).filter((w) => !w.startsWith('-'));
  if (words.some((w) => new RegExp(`\\b${escapeRegExp(w)}`, 'i').test(meaning))) return null;
  return { key: command, meaning, section, unit };
}

/** "-t pseudo-TTY (terminal)", "`-u` as user", and option table rows. */
function flagFact(unit: Unit, section: Section): Fact | null {
  if (unit.kind === 'row') {
    const flag = /`(--[a-z][\w-]*)`/.exec(unit.cells[0] ?? '')?.[1];
    const meaning = cleanMeaning(unit.cells[unit.cells.length - 1] ?? '');
    return flag && meaning ? { key: flag, meaning, section, unit } : null;
  }
  if (unit.kind !== 'item') return null;
  const match = /^`?(--?[A-Za-z][\w-]*(?:=[\w]+)?)`?\s+(?:to\s+|as\s+|in\s+)?([^`]*)$/.exec(unit.markdown.split('\n')[0]!);
  if (!match) return null;
  const meaning = cleanMeaning(match[2]!);
  if (!meaning || ASIDE.test(meaning)) return null;
  return { key: match[1]!, meaning, section, unit };
}

function cleanMeaning(text: string): string | null {
  // Table cells escape their pipes; a cell starting with "-" is a deprecation note, not a meaning.
  const meaning = text.replace(/\\\|/g, '|').replace(/\s+/g, ' ').replace(/[\s,:;-]+$/, '').trim();
  if (/^[-–]|^deprecated\b/i.test(meaning)) return null;
  if (meaning.length < MEANING_MIN || meaning.length > MEANING_MAX) return null;
  return meaning;
}

/** One fact per key and per meaning: two bullets saying the same would make two right answers. */
function distinctFacts(facts: Fact[]): Fact[] {
  const keys = new Set<string>();
  const meanings = new Set<string>();
  return facts.filter((fact) => {
    const key = comparable(fact.key);
    const meaning = comparable(fact.meaning);
    if (keys.has(key) || meanings.has(meaning)) return false;
    keys.add(key);
    meanings.add(meaning);
    return true;
  });
}

function commandQuestion(fact: Fact, all: Fact[]): QuizQuestion | null {
  const distractors = pick(all, fact, (f) => f.meaning);
  return distractors && build('command', `What does \`${fact.key}\` do?`, fact.meaning, distractors, fact);
}

function whichCommandQuestion(fact: Fact, all: Fact[]): QuizQuestion | null {
  const distractors = pick(all, fact, (f) => `\`${f.key}\``);
  return distractors && build('which-command', `Which command does this: “${fact.meaning}”?`, `\`${fact.key}\``, distractors, fact);
}

function flagQuestion(fact: Fact, all: Fact[]): QuizQuestion | null {
  const distractors = pick(all, fact, (f) => f.meaning);
  const where = fact.section.title.startsWith('docker ') ? ` for \`${fact.section.title}\`` : '';
  return distractors && build('flag', `What does the \`${fact.key}\` flag mean${where}?`, fact.meaning, distractors, fact);
}

/** "Which topic of the notes says: …?" with other topics' headings as distractors. */
function topicQuestions(sections: readonly Section[]): (QuizQuestion | null)[] {
  const topics = sections.filter((s) => s.depth >= 2 && s.units.length > 0);
  const titles = [...new Set(topics.map((s) => s.title))];
  if (titles.length < CHOICES) return [];
  return topics.flatMap((section) =>
    section.units
      // A statement that stands alone: not a lead-in to sub-bullets, not a continuation of the one before.
      .filter((unit) => unit.kind === 'item' && !unit.markdown.startsWith('`') && unit.text.length >= 40 && unit.text.length <= 160)
      .filter((unit) => !/:\s*$/.test(unit.text) && !ASIDE.test(unit.text) && !/^(now|then|from|try|example)\b/i.test(unit.text))
      .filter((unit) => !mentionsTitle(unit.text, section.title))
      .map((unit) => {
        const others = shuffled(titles.filter((t) => t !== section.title && !mentionsTitle(unit.text, t)), idOf('topic', section.id, unit.text)).slice(0, CHOICES - 1);
        if (others.length < CHOICES - 1) return null;
        const fact: Fact = { key: section.title, meaning: unit.text, section, unit };
        return build('topic', `Which topic of the notes says: “${unit.markdown.replace(/\n/g, ' ')}”?`, section.title, others, fact);
      }),
  );
}

function mentionsTitle(text: string, title: string): boolean {
  const words = new Set(normalizeText(text).match(/[\p{L}\p{N}]+/gu)?.map(stem) ?? []);
  return (normalizeText(title).match(/[\p{L}\p{N}]+/gu) ?? []).some((w) => !defaultAnalyzer.isStopWord(w) && w !== 'docker' && words.has(stem(w)));
}

/** Three distractors of the same kind, from other notes where possible, never equal to the answer. */
function pick(all: Fact[], fact: Fact, show: (f: Fact) => string): string[] | null {
  const answer = comparable(show(fact));
  const candidates = shuffled(
    all.filter((f) => f !== fact && comparable(show(f)) !== answer && !comparable(show(f)).includes(answer) && !answer.includes(comparable(show(f)))),
    idOf('distractors', fact.section.id, fact.key),
  );
  const chosen: string[] = [];
  const keys = new Set([answer]);
  for (const candidate of [...candidates.filter((f) => f.section !== fact.section), ...candidates.filter((f) => f.section === fact.section)]) {
    const key = comparable(show(candidate));
    if (keys.has(key)) continue;
    keys.add(key);
    chosen.push(show(candidate));
    if (chosen.length === CHOICES - 1) return chosen;
  }
  return null;
}

function build(kind: QuizQuestion['kind'], question: string, answer: string, distractors: string[], fact: Fact): QuizQuestion {
  const id = idOf(kind, fact.section.id, fact.key, fact.meaning);
  return {
    id,
    kind,
    question,
    choices: shuffled([answer, ...distractors], id),
    answer,
    explanation: `The notes (${fact.section.trail.join(' › ')}): ${fact.unit.markdown.split('\n')[0]}`,
    trail: fact.section.trail,
    source: fact.section.source,
  };
}

export function idOf(...parts: string[]): string {
  return `q${createHash('sha1').update(parts.join('\u0000')).digest('base64url').slice(0, 11)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
