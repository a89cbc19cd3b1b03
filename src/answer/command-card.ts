import type { CodeUnit, ParagraphUnit, RowUnit, Section, Unit } from '../knowledge/section.js';
import { openingSummary } from '../knowledge/section.js';
import type { QueryGroup, QueryTerm } from '../search/query.js';
import type { Excerpt, TermSource } from './excerpt.js';

/** A piece of the page as terms, read the way the index reads the question. */
type TermsOf = (text: string) => Set<string>;

/**
 * A command reference page (the Docker CLI reference: `volume_inspect.md`,
 * `container_kill.md`, ...) answers best as a card, not as the one section
 * search ranked first: the command itself, what it does, what else it is
 * called, the options the question names, and one example to copy. A cut of
 * the top section alone says "Display detailed information on one or more
 * volumes" and never shows `docker volume inspect`.
 *
 * Parent pages (`volume.md`, `docker.md`) list subcommands instead of
 * options; their card lists those subcommands as commands
 * (`docker volume inspect`: ...), the ones the question names first.
 */

/** The whole card stays within what chat readers skim; the page is one click away. */
export const CARD_CHARS = 900;
/** An option's description is cut at a sentence or about this length. */
const ROW_CHARS = 160;
/** The command's own one-line description, when a page opens with a long one. */
const SUMMARY_CHARS = 200;
/** A flag section's explanation before its example. */
const PARAGRAPH_CHARS = 260;
/** A flag's explanation cut shorter than this says too little to show. */
const MIN_LEAD_CHARS = 40;
/** An example shows at most this many lines of its code block. */
const CODE_LINES = 8;
/** A code line longer than this (wide `docker ps` output) is cut. */
const CODE_LINE_CHARS = 110;
/** Option rows named by their description words, at most. */
const MAX_WORD_ROWS = 3;
/** A row is named by its words when they cover this share of what the question asks beyond the command. */
const ROW_COVER = 0.4;
/** ... and it scores this share of the best row. */
const ROW_RELATIVE = 0.7;
/** A row whose flag the question spells out word for word (`--memory` for "memory limit") is the one meant. */
const FLAG_NAME_BONUS = 1.5;
/** Expansions at or below this weight are synonyms, not the question's words. */
const SYNONYM_WEIGHT = 0.5;
/** How a word the command's description already says counts toward naming an option. */
const SUMMARY_WORD_WEIGHT = 0.3;
/** How asking words count ("show", "specific", "without"): they frame the question. */
const PHRASING_WEIGHT = 0.25;
const PHRASING = new Set([
  'show', 'display', 'see', 'view', 'get', 'print', 'find', 'check', 'use', 'using', 'make', 'specific', 'certain',
  'particular', 'given', 'custom', 'with', 'without', 'set', 'way', 'option', 'options', 'flag', 'flags',
]);
/** Room kept for the example when option rows compete for the budget. */
const EXAMPLE_RESERVE = 220;

/** Sections of a command page that carry its parts, by heading. */
const ALIASES_TITLE = /^aliases$/i;
const SUBCOMMANDS_TITLE = /^(?:subcommands|commands)$/i;
const OPTIONS_TITLE = /^(?:options|flags)$/i;
/** The first column of an option table elsewhere on a page. */
const OPTION_HEADER = /^(?:name|option|flag)s?$/i;
const EXAMPLES_TITLE = /^examples?$/i;
const REFERENCE_TITLES = /^(?:aliases|options|subcommands|usage)$/i;
/** `# volume inspect`, `# docker run`, `## update`, `# build (legacy builder)`. */
const COMMAND_TITLE = /^(?:docker(?:\s+|$))?((?:[a-z][a-z0-9-]*)(?:\s+[a-z][a-z0-9-]*){0,2})?(?:\s*\([^)]*\))?$/;
const FILE_WORD = /^[a-z][a-z0-9-]*$/;
/** Flags a heading names: "Format the output (--format)", "Stop container with signal (-s, --signal)". */
const TITLE_FLAGS = /\((-{1,2}[A-Za-z][\w-]*(?:\s*,\s*-{1,2}[A-Za-z][\w-]*)*)\)/;
/** A heading that is only a flag: "`--rotate`". */
const TITLE_FLAG_ONLY = /^`?(-{1,2}[A-Za-z][\w-]*)`?$/;
const SHELL_LANGS = new Set(['console', 'bash', 'sh', 'shell', 'zsh', 'powershell', 'pwsh', 'ps1', 'cmd', 'bat']);
const CODE_SPAN = /`([^`]+)`/g;

interface OptionRow {
  readonly unit: RowUnit;
  readonly flags: readonly string[];
  /** In-page anchors the row links to (`#format`), where the flag is explained. */
  readonly targets: readonly string[];
  /** Description as clean prose, already cut. */
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  /** Stems of the long flag's words: `--memory-swap` → memori, swap. */
  readonly nameTerms: readonly string[];
  readonly order: number;
}

interface Subcommand {
  readonly unit: RowUnit;
  readonly command: string;
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  readonly order: number;
}

interface CommandPage {
  /** `docker volume inspect`; `docker` for the base command. */
  readonly command: string;
  readonly summary: ParagraphUnit | null;
  /** Other names of the command, the command itself left out. */
  readonly aliases: readonly string[];
  readonly usage: string | null;
  readonly options: readonly OptionRow[];
  readonly subcommands: readonly Subcommand[];
  /** The words of the command's names: matching them names no option. */
  readonly nameTerms: ReadonlySet<string>;
  /** The words of its one-line description: matching them names an option only a little. */
  readonly summaryTerms: ReadonlySet<string>;
}

const pages = new WeakMap<Section, CommandPage | null>();

export function commandCard(
  page: readonly Section[],
  focus: Section,
  groups: readonly QueryGroup[],
  source: TermSource,
): Excerpt | null {
  const idf = (term: string): number => source.idf(term);
  const terms = (text: string): Set<string> => new Set(source.analyzer.analyze(text));
  const info = commandPageOf(page, terms);
  if (!info) return null;
  const used = new Set<Unit>();
  const blocks: string[] = [];

  // The command and what it does.
  const head = [`\`${info.command}\``];
  if (info.summary) {
    head.push(cutProse(cleanInline(info.summary.markdown), SUMMARY_CHARS));
    used.add(info.summary);
  }
  blocks.push(head.join(' — '));
  if (info.aliases.length > 0) blocks.push(`Aliases: ${info.aliases.map((a) => `\`${a}\``).join(', ')}`);
  if (info.usage) blocks.push(`Usage: \`${info.usage}\``);

  const topical = topicalGroups(groups, info, idf);
  const flagSection = flagSectionOf(focus, info);
  const rows = namedRows(info, page, focus, groups, topical, idf);
  const subcommands = info.subcommands.length > 0 ? subcommandLines(info, topical, idf) : [];

  // Rows the question names by flag come first; rows named only by their words give way to the example.
  /** Characters the card holds so far, with the break before the next block. */
  const spent = (): number => blocks.join('\n\n').length + 2;
  let rowLines = rows.map((row) => ({ row, line: `- ${row.flags.map((f) => `\`${f}\``).join(', ')}: ${row.text}` }));
  const rowsLength = (): number => rowLines.reduce((sum, r) => sum + r.line.length + 1, 0);
  const reserve = subcommands.length > 0 ? 0 : EXAMPLE_RESERVE;
  while (rowLines.length > 1 && spent() + rowsLength() > CARD_CHARS - reserve) rowLines = rowLines.slice(0, -1);
  if (rowLines.length > 0) {
    const sorted = [...rowLines].sort((a, b) => a.row.order - b.row.order);
    blocks.push(sorted.map((r) => r.line).join('\n'));
    for (const r of sorted) used.add(r.row.unit);
  }

  if (subcommands.length > 0) {
    const room = CARD_CHARS - spent() - 'Subcommands:\n'.length;
    const shown: string[] = [];
    let length = 0;
    for (const [i, sub] of subcommands.entries()) {
      const left = subcommands.length - i - 1;
      const more = left > 0 ? `\n- … ${left} more on the page`.length : 0;
      if (shown.length > 0 && length + sub.line.length + 1 + more > room) {
        shown.push(`- … ${subcommands.length - i} more on the page`);
        break;
      }
      shown.push(sub.line);
      length += sub.line.length + 1;
      used.add(sub.unit);
    }
    blocks.push(`Subcommands:\n${shown.join('\n')}`);
  }

  const { lead, code, flags } = exampleFor(page, info, focus, flagSection, topical, idf, terms);
  if (lead) {
    // Room for the explanation, and still for a few lines of its example.
    const whole = cleanInline(lead.markdown);
    const text = cutProse(whole, Math.min(PARAGRAPH_CHARS, CARD_CHARS - spent() - (code ? 120 : 0)));
    if (text.length >= MIN_LEAD_CHARS) {
      blocks.push(text);
      if (text === whole) used.add(lead);
    }
  }
  const shown = code ? cutCode(code, CARD_CHARS - spent(), flags ?? []) : null;
  if (code && shown) {
    blocks.push(shown.markdown);
    if (!shown.cut) used.add(code);
  }

  const markdown = blocks.join('\n\n');
  const cut = focus.units.some((unit) => !used.has(unit));
  return { markdown, cut };
}

// ---------------------------------------------------------------------------
// Reading a page

/** Reads a page once (the card is built per question, the page per index). */
function commandPageOf(page: readonly Section[], termsOf: TermsOf): CommandPage | null {
  const top = page[0];
  if (!top) return null;
  if (pages.has(top)) return pages.get(top)!;
  const info = readCommandPage(page, top, termsOf);
  pages.set(top, info);
  return info;
}

function readCommandPage(page: readonly Section[], top: Section, termsOf: TermsOf): CommandPage | null {
  const title = COMMAND_TITLE.exec(top.title.trim());
  if (!title) return null;
  const titleWords = title[1] ? title[1].split(/\s+/) : [];
  const saysDocker = /^docker(?:\s|$)/.test(top.title.trim());
  const referenceShaped = page.some((s) => s !== top && REFERENCE_TITLES.test(s.title.trim()));
  // The file name spells the full command (`container_kill.md` → container kill) where the
  // heading often gives only the last word (`# kill`), or the wrong one (`context.md`: `# config`).
  const base = top.source.split('/').pop()!.replace(/\.(?:md|markdown)$/i, '');
  let fileWords: string[] | null = base.split('_');
  if (!fileWords.every((w) => FILE_WORD.test(w))) fileWords = null;
  if (fileWords && fileWords.length === 1 && fileWords[0] === 'docker') fileWords = [];
  const fileAgrees = fileWords !== null && titleWords.length > 0 && isSuffix(titleWords, fileWords);
  const summary = openingSummary(top);
  // A command page reads like the reference (Aliases, Options, Subcommands), or its heading is a
  // docker command, or the file and heading name the same command and a one-line summary follows
  // (`context_show.md`: `# context show`). A note titled "# Volumes" is none of these.
  if (!referenceShaped && !saysDocker && !(fileAgrees && summary)) return null;
  const words = fileWords && (fileAgrees || referenceShaped) ? fileWords : titleWords;
  const command = ['docker', ...words].join(' ');

  const aliases: string[] = [];
  for (const section of page) {
    if (!ALIASES_TITLE.test(section.title.trim())) continue;
    for (const unit of section.units) {
      for (const name of unit.code) {
        const alias = name.trim().replace(/\s+/g, ' ');
        if (/^docker(?:\s|$)/.test(alias) && alias !== command && !aliases.includes(alias)) aliases.push(alias);
      }
    }
  }

  const options: OptionRow[] = [];
  const subcommands: Subcommand[] = [];
  let order = 0;
  for (const section of page) {
    const listsSubcommands = SUBCOMMANDS_TITLE.test(section.title.trim());
    const listsOptions = OPTIONS_TITLE.test(section.title.trim());
    for (const unit of section.units) {
      if (unit.kind !== 'row') continue;
      order += 1;
      const names = codeSpans(unit.cells[0] ?? '');
      const description = descriptionCell(unit);
      const optionTable = listsOptions || OPTION_HEADER.test(unit.header[0]?.trim() ?? '');
      if (optionTable && names.length > 0 && names.every((n) => /^-{1,2}[A-Za-z0-9]/.test(n))) {
        const text = cutProse(cleanInline(description), ROW_CHARS);
        const targets = [...(unit.cells[0] ?? '').matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1]!.toLowerCase());
        const terms = termsOf(`${names.join(' ')} ${cleanInline(description)}`);
        const long = names.find((n) => n.startsWith('--')) ?? names[0]!;
        // `--no-stream` is spelled by "stream": the little words of a flag's name say nothing.
        const nameTerms = [...termsOf(long.replace(/^-+/, '').replace(/-/g, ' '))].filter((t) => t.length > 2);
        options.push({ unit, flags: names, targets, text, terms, nameTerms, order });
      } else if (listsSubcommands && names.length === 1 && /^[a-z][\w-]*$/.test(names[0]!)) {
        const sub = `${command} ${names[0]}`;
        const text = cutProse(cleanInline(description), ROW_CHARS);
        subcommands.push({ unit, command: sub, text, terms: termsOf(`${names[0]} ${text}`), order });
      }
    }
  }

  const nameTerms = termsOf([command, ...aliases, ...titleWords].join(' '));
  const summaryTerms = termsOf(summary?.text ?? '');
  return { command, summary, aliases, usage: usageLine(page, command), options, subcommands, nameTerms, summaryTerms };
}

function isSuffix(tail: readonly string[], whole: readonly string[]): boolean {
  if (tail.length > whole.length) return false;
  const offset = whole.length - tail.length;
  return tail.every((word, i) => whole[offset + i] === word);
}

/** The description column of an option or subcommand row (the last one when none is named). */
function descriptionCell(row: RowUnit): string {
  const at = row.header.findIndex((h) => /description/i.test(h));
  return (at >= 0 ? row.cells[at] : row.cells[row.cells.length - 1]) ?? '';
}

function codeSpans(markdown: string): string[] {
  return [...markdown.matchAll(CODE_SPAN)].map((m) => m[1]!.trim()).filter((s) => s !== '');
}

/**
 * `Usage:  docker checkpoint create [OPTIONS] CONTAINER CHECKPOINT`, when it is
 * this command's usage: what follows the command is an argument, not a subcommand.
 */
function usageLine(page: readonly Section[], command: string): string | null {
  const lines: string[] = [];
  for (const section of page) {
    const usageSection = /^usage$/i.test(section.title.trim());
    for (const unit of section.units) {
      for (const line of unit.text.split('\n')) {
        const m = /^\s*(?:\$\s*)?usage:\s*(docker\b.*)$/i.exec(line);
        if (m) lines.push(m[1]!.trim());
        else if (usageSection && /^\s*docker\b/.test(line)) lines.push(line.trim());
      }
    }
  }
  for (const line of lines) {
    const normal = line.replace(/\s+/g, ' ');
    if (!normal.startsWith(command)) continue;
    const rest = normal.slice(command.length);
    if (rest === '' || (rest.startsWith(' ') && !/^ [a-z]/.test(rest))) return normal;
  }
  return null;
}

// ---------------------------------------------------------------------------
// What the question names

interface Topic {
  /** The group's terms, less those the command's own name and description say. */
  readonly terms: readonly QueryTerm[];
  /** The group's own word's rarity, times how much the kind of word counts. */
  readonly weight: number;
  /** Neither phrasing nor a word of the command's description: a word that can name an option alone. */
  readonly full: boolean;
}

/**
 * The groups that ask something beyond the command itself: "kill a container
 * with a specific signal" on `docker container kill` leaves "specific signal",
 * and "specific" is phrasing. Synonyms are left out: an option is named by the
 * question's own words ("memory" must not name `--cpu-quota` through "quota").
 */
function topicalGroups(groups: readonly QueryGroup[], info: CommandPage, idf: (term: string) => number): Topic[] {
  const out: Topic[] = [];
  for (const group of groups) {
    if (group.kind === 'pair' || group.kind === 'command') continue;
    const primary = group.terms[0];
    if (!primary || info.nameTerms.has(primary.term)) continue;
    const terms = group.terms.filter((t) => t.weight > SYNONYM_WEIGHT && !info.nameTerms.has(t.term));
    if (terms.length === 0) continue;
    let weight = idf(primary.term);
    let full = false;
    if (group.everyday || PHRASING.has(group.label.toLowerCase())) weight *= PHRASING_WEIGHT;
    else if (info.summaryTerms.has(primary.term)) weight *= SUMMARY_WORD_WEIGHT;
    else full = true;
    out.push({ terms, weight, full });
  }
  return out;
}

/** How much of the question a piece of the page answers: each topic once, through its best term. */
function matchScore(topics: readonly Topic[], terms: ReadonlySet<string>, idf: (term: string) => number): number {
  let score = 0;
  for (const topic of topics) {
    let best = 0;
    for (const { term, weight } of topic.terms) if (terms.has(term)) best = Math.max(best, weight * idf(term));
    score += topic.weight > 0 ? Math.min(best, topic.weight) : 0;
  }
  return score;
}

function topicTotal(topics: readonly Topic[]): number {
  return topics.reduce((sum, topic) => sum + topic.weight, 0);
}

/** Every word of the row's long flag is a word of the question. */
function spellsFlag(row: OptionRow, topics: readonly Topic[]): boolean {
  return row.nameTerms.length > 0 && row.nameTerms.every((term) => topics.some((t) => t.terms.some((q) => q.term === term)));
}

/** Flags the question writes (`--signal`, `-s`) or spells in words (`read only` → `--read-only`). */
function askedFlags(groups: readonly QueryGroup[]): Set<string> {
  const out = new Set<string>();
  for (const group of groups) {
    if (group.kind !== 'flag' && group.kind !== 'implied') continue;
    for (const { term } of group.terms) if (term.startsWith('-')) out.add(term);
  }
  return out;
}

/** Option rows, most clearly named first: by flag, by the focus section, then by their words. */
function namedRows(
  info: CommandPage,
  page: readonly Section[],
  focus: Section,
  groups: readonly QueryGroup[],
  topics: readonly Topic[],
  idf: (term: string) => number,
): OptionRow[] {
  const asked = askedFlags(groups);
  const around = [focus, ...ancestorsOf(page, focus)];
  const anchors = new Set(around.map((s) => s.anchor.toLowerCase()));
  const titleFlags = new Set(around.flatMap((s) => flagsInTitle(s.title)));
  const byFlag = info.options.filter((row) => row.flags.some((f) => asked.has(f) || asked.has(f.toLowerCase())));
  const byFocus = info.options.filter(
    (row) => !byFlag.includes(row) && (row.targets.some((t) => anchors.has(t)) || row.flags.some((f) => titleFlags.has(f))),
  );
  const chosen = [...byFlag, ...byFocus];

  const total = topicTotal(topics);
  // What the rows named by flag or focus already answer ("--name" for "run a container with a name")
  // leaves nothing for other rows that merely share its words (`--hostname`: "Container host name").
  const answered = topics.filter((t) => chosen.some((row) => t.terms.some((q) => row.terms.has(q.term))));
  const open = topics.filter((t) => !answered.includes(t));
  if (total > 0) {
    const scored = info.options
      .filter((row) => !chosen.includes(row))
      .map((row) => {
        const score = matchScore(topics, row.terms, idf);
        const spelled = spellsFlag(row, open);
        // Words the command's description says anyway ("run a command" on `exec`) name no option by themselves.
        const named = spelled || open.some((t) => t.full && t.terms.some((q) => row.terms.has(q.term)));
        return { row, score: named ? score : 0, rank: score * (spelled ? FLAG_NAME_BONUS : 1) };
      })
      .filter((r) => r.score > 0 && r.score >= total * ROW_COVER)
      .sort((a, b) => b.rank - a.rank || a.row.order - b.row.order);
    const best = scored[0]?.rank ?? 0;
    let named = scored.filter((r) => r.rank >= best * ROW_RELATIVE);
    // Too many alike: only the best of them, and none if even those are a crowd
    // (a word all the `--health-*` rows share names none of them in particular).
    if (named.length > MAX_WORD_ROWS) named = named.filter((r) => r.rank >= best);
    if (named.length <= MAX_WORD_ROWS) chosen.push(...named.map((r) => r.row));
  }
  return chosen;
}

function ancestorsOf(page: readonly Section[], focus: Section): Section[] {
  const out: Section[] = [];
  const at = page.indexOf(focus);
  const before = at >= 0 ? page.slice(0, at) : page;
  for (let depth = focus.trail.length - 1; depth >= 1; depth -= 1) {
    const prefix = focus.trail.slice(0, depth);
    const found = [...before].reverse().find((s) => s.trail.length === depth && s.trail.every((t, i) => t === prefix[i]));
    if (found) out.push(found);
  }
  return out;
}

function flagsInTitle(title: string): string[] {
  const only = TITLE_FLAG_ONLY.exec(title.trim());
  if (only) return [only[1]!];
  const m = TITLE_FLAGS.exec(title);
  return m ? m[1]!.split(',').map((f) => f.trim()) : [];
}

function subcommandLines(info: CommandPage, topics: readonly Topic[], idf: (term: string) => number): { unit: RowUnit; line: string }[] {
  const scored = info.subcommands.map((sub) => ({ sub, score: matchScore(topics, sub.terms, idf) }));
  // The subcommands the question names lead; the rest follow in page order while they fit.
  scored.sort((a, b) => b.score - a.score || a.sub.order - b.sub.order);
  return scored.map(({ sub }) => ({ unit: sub.unit, line: `- \`${sub.command}\`: ${sub.text}` }));
}

// ---------------------------------------------------------------------------
// The example

interface Example {
  readonly lead: ParagraphUnit | null;
  readonly code: CodeUnit | null;
  /** The flags the example is there to show: its window starts where they are used. */
  readonly flags?: readonly string[];
}

function isExampleSection(section: Section): boolean {
  return section.trail.slice(1).some((t) => EXAMPLES_TITLE.test(t.trim()));
}

function isShell(unit: CodeUnit): boolean {
  if (unit.lang && SHELL_LANGS.has(unit.lang.toLowerCase())) return true;
  if (unit.lang && unit.lang.toLowerCase() !== 'text') return false;
  const first = unit.text.split('\n').find((l) => l.trim() !== '') ?? '';
  return /^\s*(?:\$|PS>|docker\s)/.test(first);
}

/** The block's first line runs the command (`$ docker volume inspect myvolume`), not a set-up step. */
function startsWithCommand(unit: CodeUnit, names: readonly string[]): boolean {
  const first = unit.text.split('\n').find((l) => l.trim() !== '') ?? '';
  const line = first.replace(/^\s*(?:\$|PS>|>)\s*/, '').replace(/\s+/g, ' ');
  return names.some((name) => line === name || line.startsWith(`${name} `));
}

function usesFlag(unit: CodeUnit, flag: string): boolean {
  return usesFlagIn(unit.text, flag);
}

function usesFlagIn(text: string, flag: string): boolean {
  return new RegExp(`(?:^|[\\s'"])${escapeRegExp(flag)}(?![\\w-])`, 'm').test(text);
}

function runsCommand(unit: CodeUnit, names: readonly string[]): boolean {
  return names.some((name) => new RegExp(`(?:^|[\\s$>])${escapeRegExp(name)}(?![\\w-])`, 'm').test(unit.text));
}

/** A section that explains one flag: "Format the output (--format)", a row's `#anchor`, or its ancestors. */
function flagSectionOf(focus: Section, info: CommandPage): Section | null {
  if (flagsInTitle(focus.title).length > 0) return focus;
  if (info.options.some((row) => row.targets.includes(focus.anchor.toLowerCase()))) return focus;
  return null;
}

/** The focus and the sections under it, in page order. */
function subtree(page: readonly Section[], focus: Section): Section[] {
  const at = page.indexOf(focus);
  if (at < 0) return [focus];
  const out = [focus];
  for (const section of page.slice(at + 1)) {
    if (section.trail.length <= focus.trail.length) break;
    if (!focus.trail.every((t, i) => section.trail[i] === t)) break;
    out.push(section);
  }
  return out;
}

function exampleFor(
  page: readonly Section[],
  info: CommandPage,
  focus: Section,
  flagSection: Section | null,
  topics: readonly Topic[],
  idf: (term: string) => number,
  termsOf: TermsOf,
): Example {
  const names = [info.command, ...info.aliases];
  if (flagSection) {
    // The flag's own explanation and example say more than the page's first example.
    const units = subtree(page, flagSection).flatMap((s) => s.units);
    const lead = units.find((u): u is ParagraphUnit => u.kind === 'paragraph' && !isAdmonition(u)) ?? null;
    const codes = units.filter((u): u is CodeUnit => u.kind === 'code');
    const flags = flagsInTitle(flagSection.title);
    const code =
      codes.find((c) => isShell(c) && flags.some((f) => usesFlag(c, f))) ?? codes.find(isShell) ?? codes[0] ?? null;
    if (code) return { lead, code, flags };
    if (lead) {
      // No example of its own: another one only if it uses the flag, or the explanation alone.
      const other = page
        .flatMap((s) => s.units)
        .find((u): u is CodeUnit => u.kind === 'code' && isShell(u) && runsCommand(u, names) && flags.some((f) => usesFlag(u, f)));
      return { lead, code: other ?? null, flags };
    }
  }
  if (isExampleSection(focus)) {
    const code = focus.units.find((u): u is CodeUnit => u.kind === 'code' && isShell(u));
    if (code) {
      const terms = termsOf(`${focus.title}\n${code.text}`);
      if (topics.length > 0 && matchScore(topics, terms, idf) > 0) return { lead: null, code };
    }
  }
  return { lead: null, code: firstExample(page, names) };
}

/** The first shell example that runs the command, else the first shell example; Examples first. */
function firstExample(page: readonly Section[], names: readonly string[]): CodeUnit | null {
  const shellIn = (sections: readonly Section[]): CodeUnit[] =>
    sections.flatMap((s) => s.units.filter((u): u is CodeUnit => u.kind === 'code' && isShell(u)));
  const examples = shellIn(page.filter(isExampleSection));
  return (
    examples.find((c) => startsWithCommand(c, names)) ??
    examples.find((c) => runsCommand(c, names)) ??
    examples[0] ??
    shellIn(page).find((c) => runsCommand(c, names)) ??
    null
  );
}

function isAdmonition(unit: ParagraphUnit): boolean {
  return /^\s*\[!/.test(unit.markdown);
}

// ---------------------------------------------------------------------------
// Clean text

/**
 * Table cells and paragraphs as prose: links keep their text (`[`-f`](#format)`
 * → `-f`), `<br>` becomes a break in the sentence, `\|` a plain bar.
 */
export function cleanInline(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s*<br\s*\/?>\s*/gi, (_, offset: number, whole: string) => (/[\p{L}\p{N})`'"]$/u.test(whole.slice(0, offset).trimEnd()) ? '; ' : ' '))
    .replace(/<\/?a\b[^>]*>/gi, '')
    .replace(/\\\|/g, '|')
    .replace(/^\s*>\s?/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cut at the end of a sentence within `max`, else at a word with an ellipsis; never inside a code span. */
export function cutProse(text: string, max: number): string {
  if (text.length <= max) return text;
  const sentences = [...text.matchAll(/[.!?](?=\s|$)/g)].map((m) => m.index + 1).filter((i) => i <= max && outsideCode(text, i));
  const sentence = sentences.pop();
  if (sentence !== undefined && sentence >= Math.min(40, max / 2)) return text.slice(0, sentence);
  let at = text.lastIndexOf(' ', max - 1);
  while (at > 0 && !outsideCode(text, at)) at = text.lastIndexOf(' ', at - 1);
  if (at <= 0) at = Math.max(0, max - 1);
  return `${text.slice(0, at).replace(/[\s,;:(]+$/, '')}…`;
}

function outsideCode(text: string, index: number): boolean {
  let ticks = 0;
  for (let i = 0; i < index; i += 1) if (text[i] === '`') ticks += 1;
  return ticks % 2 === 0;
}

/** A code block cut to a few lines and to the room left, its fence kept. */
function cutCode(unit: CodeUnit, room: number, flags: readonly string[]): { markdown: string; cut: boolean } | null {
  const lang = unit.lang ?? '';
  const fence = '```';
  const frame = fence.length + lang.length + 1 + 1 + fence.length;
  let all = unit.text.replace(/\n+$/, '').split('\n');
  const total = all.length;
  // A long block that sets things up first: start at the command that uses the flag, so it shows.
  const uses = all.findIndex((line) => /^\s*(?:\$|PS>|docker\s)/.test(line) && flags.some((f) => usesFlagIn(line, f)));
  if (uses >= CODE_LINES - 1 || (uses > 0 && all.slice(0, uses + 1).join('\n').length + frame > room)) all = all.slice(uses);
  const kept: string[] = [];
  let length = frame;
  let cut = false;
  for (const raw of all) {
    let line = raw;
    if (line.length > CODE_LINE_CHARS) {
      line = `${line.slice(0, CODE_LINE_CHARS - 1)}…`;
      cut = true;
    }
    if (kept.length >= CODE_LINES || length + line.length + 1 > room) {
      cut = true;
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
  if (kept.length === 0) return null;
  const body = kept.join('\n');
  const longest = Math.max(3, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length + 1));
  const f = '`'.repeat(longest);
  return { markdown: `${f}${lang}\n${body}\n${f}`, cut: cut || kept.length < total };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
