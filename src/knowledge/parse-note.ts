import { createHash } from 'node:crypto';
import GithubSlugger from 'github-slugger';
import type {
  BlockContent,
  Code,
  Heading,
  List,
  ListItem,
  Nodes,
  Paragraph,
  Root,
  RootContent,
  Table,
} from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parse as parseYaml } from 'yaml';
import { markdownParser } from './markdown-parser.js';
import type { ItemUnit, Section, Unit } from './section.js';

/** Bump when parseNote's output changes shape or content: cached parses of older versions are discarded. */
export const PARSER_VERSION = 5;

/** Thrown for a note that cannot be used; the loader reports it by file and moves on. */
export class NoteParseError extends Error {
  override readonly name = 'NoteParseError';
}

export interface NoteMeta {
  readonly pack: string;
  /** Path relative to the pack folder, forward slashes. */
  readonly source: string;
}

interface FrontMatter {
  title?: string;
  aliases: string[];
}

/** Something wrong in a note that still loads: the linter reports it at its line. */
export interface NoteProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedNote {
  readonly sections: Section[];
  readonly problems: NoteProblem[];
}

/**
 * Splits one markdown note into sections, one per heading at any depth, each
 * with its heading trail and its body as quotable units.
 */
export function parseNote(markdown: string, meta: NoteMeta): Section[] {
  return parseNoteFile(markdown, meta).sections;
}

/**
 * parseNote, plus what is wrong in the note without stopping it loading: a
 * code fence never closed (it swallows every later heading), front matter
 * that is not YAML (the body still loads, without the front matter's aliases).
 */
export function parseNoteFile(markdown: string, meta: NoteMeta): ParsedNote {
  if (markdown.includes('\u0000')) throw new NoteParseError('contains NUL bytes (not a text file?)');
  const tree = markdownParser.parse(markdown) as Root;
  const slice: Slicer = (first, last = first) =>
    first?.position && last?.position ? markdown.slice(first.position.start.offset, last.position.end.offset) : '';

  const problems: NoteProblem[] = [];
  const front = readFrontMatter(tree, problems);
  problems.push(...unclosedFences(tree, slice));
  const slugger = new GithubSlugger();
  const sections: MutableSection[] = [];
  const stack: MutableSection[] = [];
  const seenIds = new Map<string, number>();

  const open = (title: string, depth: number, line: number, explicitAnchor?: string): MutableSection => {
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const trail = [...stack.map((s) => s.title), title];
    // A front-matter title names the file: it heads every trail, once.
    if (front.title !== undefined && trail[0] !== front.title) trail.unshift(front.title);
    const key = [meta.pack, meta.source, ...trail].join('\u0000');
    const n = seenIds.get(key) ?? 0;
    seenIds.set(key, n + 1);
    const section: MutableSection = {
      id: stableId(n === 0 ? key : `${key}\u0000${n}`),
      pack: meta.pack,
      source: meta.source,
      title,
      trail,
      depth,
      anchor: explicitAnchor ?? slugger.slug(title),
      line,
      aliases: sections.length === 0 ? front.aliases : [],
      units: [],
    };
    sections.push(section);
    stack.push(section);
    return section;
  };

  let current: MutableSection | null = null;
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const title = headingText(node);
      if (title === '') continue;
      current = open(title, node.depth, node.position?.start.line ?? 1, headingAnchor(node));
      continue;
    }
    const aliases = node.type === 'html' ? sectionAliases(node.value) : null;
    if (aliases) {
      current ??= open(front.title ?? fileTitle(meta.source), 0, 1);
      current.aliases = [...current.aliases, ...aliases];
      continue;
    }
    const units = toUnits(node, slice);
    if (units.length === 0) continue;
    current ??= open(front.title ?? fileTitle(meta.source), 0, 1);
    current.units.push(...units);
  }
  return { sections, problems };
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Fenced code blocks with no closing fence. CommonMark lets such a block run
 * to the end of its container, so every heading after it becomes code: the
 * note still loads, but the linter names the line where the fence opened.
 */
function unclosedFences(tree: Root, slice: Slicer): NoteProblem[] {
  const found: NoteProblem[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'code') {
      const lines = slice(node).split('\n');
      const open = FENCE.exec(lines[0] ?? '');
      if (open) {
        const marker = open[1]!;
        // The closing line as written, without the quote markers or indentation of its container.
        const last = lines.length > 1 ? lines[lines.length - 1]!.replace(/^(\s*>)*\s*/, '').trim() : '';
        const closed = last.length >= marker.length && [...last].every((c) => c === marker[0]);
        if (!closed) {
          const swallowed = node.value.split('\n').filter((l) => /^#{1,6}\s/.test(l)).length;
          found.push({
            line: node.position?.start.line ?? 1,
            message: `code fence ${marker} is never closed: everything after it is read as code${swallowed > 0 ? ` (${swallowed} heading${swallowed === 1 ? '' : 's'} swallowed)` : ''}; close it with ${marker}`,
          });
        }
      }
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return found;
}

type MutableSection = Omit<Section, 'units' | 'aliases'> & { units: Unit[]; aliases: readonly string[] };

/**
 * Per-section search words, written under the heading as an HTML comment so
 * the note reads the same when rendered: `<!-- aliases: dangling images, <none> -->`.
 * Vocabulary that belongs to these notes lives here, not in the engine.
 */
const SECTION_ALIASES = /^<!--\s*aliases:\s*([\s\S]*?)\s*-->$/i;

function sectionAliases(html: string): string[] | null {
  const match = SECTION_ALIASES.exec(html.trim());
  if (!match) return null;
  return match[1]!.split(',').map((a) => a.trim()).filter((a) => a !== '');
}

function stableId(key: string): string {
  return createHash('sha1').update(key).digest('base64url').slice(0, 10);
}

function fileTitle(source: string): string {
  const base = source.split('/').pop() ?? source;
  return base.replace(/\.(md|markdown)$/i, '');
}

/** Heading text without inline HTML such as `<a name="x"></a>` anchors. */
export function headingText(heading: Heading): string {
  return toString(heading, { includeHtml: false }).replace(/\s+/g, ' ').trim();
}

/** An anchor the page sets itself (`<a name="read-only"></a>`) beats a slug of the heading. */
function headingAnchor(heading: Heading): string | undefined {
  for (const child of heading.children) {
    if (child.type !== 'html') continue;
    const match = /<a\s[^>]*\b(?:name|id)\s*=\s*["']([^"']+)["']/i.exec(child.value);
    if (match) return match[1];
  }
  return undefined;
}

function readFrontMatter(tree: Root, problems: NoteProblem[]): FrontMatter {
  const node = tree.children.find((n) => n.type === 'yaml');
  if (!node || node.type !== 'yaml') return { aliases: [] };
  let data: unknown;
  try {
    data = parseYaml(node.value);
  } catch (error) {
    // The YAML starts on the line after the opening `---`.
    const at = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
    const reason = (error as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    problems.push({
      line: (node.position?.start.line ?? 1) + at,
      message: `front matter is not valid YAML (${reason}): the note loaded without it (no title or aliases from it)`,
    });
    return { aliases: [] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { aliases: [] };
  const record = data as Record<string, unknown>;
  const title = typeof record.title === 'string' && record.title.trim() ? record.title.trim() : undefined;
  const aliases = Array.isArray(record.aliases)
    ? record.aliases.filter((a): a is string => typeof a === 'string')
    : typeof record.aliases === 'string'
      ? [record.aliases]
      : [];
  return title === undefined ? { aliases } : { title, aliases };
}

/** The markdown as written from the start of one node to the end of another. */
type Slicer = (first: Nodes | undefined, last?: Nodes) => string;

function toUnits(node: RootContent | BlockContent, slice: Slicer): Unit[] {
  switch (node.type) {
    case 'paragraph':
      return [paragraphUnit(node, slice)];
    case 'list':
      return node.children.map((item) => itemUnit(item, slice));
    case 'code':
      return [codeUnit(node, slice)];
    case 'table':
      return tableUnits(node, slice);
    case 'blockquote':
      return node.children.flatMap((child) => toUnits(child as BlockContent, slice));
    default:
      // html (comments, generated-content markers), thematic breaks, definitions, front matter
      return [];
  }
}

function paragraphUnit(node: Paragraph, slice: Slicer): Unit {
  return {
    kind: 'paragraph',
    markdown: dedent(slice(node), node.position?.start.column ?? 1).trim(),
    text: plain(node),
    code: inlineCode(node),
  };
}

function codeUnit(node: Code, slice: Slicer): Unit {
  return {
    kind: 'code',
    markdown: dedent(slice(node), node.position?.start.column ?? 1),
    text: node.value,
    code: node.value.split('\n').filter((l) => l.trim() !== ''),
    lang: node.lang ?? null,
  };
}

function itemUnit(item: ListItem, slice: Slicer): ItemUnit {
  const own = item.children.filter((c) => c.type !== 'list');
  const nested = item.children.filter((c): c is List => c.type === 'list');
  const first = own[0];
  const last = own[own.length - 1];
  const markdown = dedent(slice(first, last), first?.position?.start.column ?? 1).trim();
  return {
    kind: 'item',
    markdown,
    text: own.map(plain).join(' ').trim(),
    code: own.flatMap((c) => (c.type === 'code' ? [c.value] : inlineCode(c))),
    children: nested.flatMap((list) => list.children.map((child) => itemUnit(child, slice))),
  };
}

function tableUnits(table: Table, slice: Slicer): Unit[] {
  const [head, ...rows] = table.children;
  const header = head ? head.children.map((cell) => plain(cell)) : [];
  return rows.map((row) => {
    // A cell's own position includes its pipes; its content runs from first child to last.
    const cells = row.children.map((cell) => slice(cell.children[0], cell.children[cell.children.length - 1]).trim());
    return {
      kind: 'row' as const,
      markdown: cells.join(' | '),
      text: row.children.map(plain).join(' ').trim(),
      code: row.children.flatMap(inlineCode),
      header,
      cells,
    };
  });
}

function plain(node: Nodes): string {
  return toString(node, { includeHtml: false }).replace(/\s+/g, ' ').trim();
}

function inlineCode(node: Nodes): string[] {
  const found: string[] = [];
  const visit = (n: Nodes): void => {
    if (n.type === 'inlineCode') found.push(n.value);
    else if (n.type === 'code') found.push(n.value);
    else if ('children' in n) for (const c of n.children as Nodes[]) visit(c);
  };
  visit(node);
  return found;
}

/** Removes the indentation a list item or quote put on continuation lines. */
function dedent(text: string, column: number): string {
  const indent = Math.max(0, column - 1);
  if (indent === 0) return text;
  const lines = text.split('\n');
  return lines
    .map((line, i) => (i === 0 ? line : line.replace(new RegExp(`^ {0,${indent}}`), '')))
    .join('\n');
}
