/**
 * The shape notes take once parsed: a note is a file, a section is what one
 * heading covers, a unit is the smallest piece an answer can quote.
 */

/** A knowledge folder and how its sources are labelled. */
export interface KnowledgePack {
  /** Short label shown beside every answer from this folder (e.g. "notes"). */
  readonly name: string;
  /** Absolute path of the folder. */
  readonly dir: string;
  /** Optional public base URL; a source links to `baseUrl + path + #anchor`. */
  readonly baseUrl?: string;
  /**
   * `notes` (the default): the team's own notes, what the bot answers from first.
   * `reference`: third-party documentation kept in an index of its own, answering
   * (labelled) only where the notes do not, and never counted as a note.
   */
  readonly role?: PackRole;
  /**
   * How a file becomes a link under `baseUrl`: `path` (the default) appends the
   * file's path; `docker-cli` maps the CLI reference's `container_run.md` to
   * `container/run/`, as docs.docker.com lays it out.
   */
  readonly urlStyle?: 'path' | 'docker-cli';
  /**
   * Where hand-written quiz questions about this folder live: `<dir>/quiz` unless given. The bundled
   * reference's are the team's own writing, kept out of the third-party folder.
   */
  readonly quizDir?: string;
}

export type PackRole = 'notes' | 'reference';

/** The smallest quotable pieces of a section, in document order. */
export type Unit = ItemUnit | ParagraphUnit | CodeUnit | RowUnit;

interface UnitBase {
  /** Markdown as written in the note (list markers and indentation removed). */
  readonly markdown: string;
  /** Plain text, for matching. */
  readonly text: string;
  /** Inline code spans and fenced code: where commands and flags live. */
  readonly code: readonly string[];
}

/** A bullet with its sub-bullets kept together. */
export interface ItemUnit extends UnitBase {
  readonly kind: 'item';
  readonly children: readonly ItemUnit[];
}
export interface ParagraphUnit extends UnitBase {
  readonly kind: 'paragraph';
}
export interface CodeUnit extends UnitBase {
  readonly kind: 'code';
  readonly lang: string | null;
}
/** One row of a GFM table, with the header it belongs to. */
export interface RowUnit extends UnitBase {
  readonly kind: 'row';
  readonly header: readonly string[];
  readonly cells: readonly string[];
}

export interface Section {
  /** Stable across restarts and reloads while pack, file and heading trail stay the same. */
  readonly id: string;
  readonly pack: string;
  /** Path relative to the pack folder, with forward slashes. */
  readonly source: string;
  /** The section's own heading, as written (inline HTML stripped). */
  readonly title: string;
  /** Headings from the file's top down to this one. */
  readonly trail: readonly string[];
  readonly depth: number;
  /** GitHub-style slug of the heading, for links. */
  readonly anchor: string;
  /** 1-based line of the heading in the source. */
  readonly line: number;
  /** Extra search words from front matter (`aliases:`). */
  readonly aliases: readonly string[];
  readonly units: readonly Unit[];
}

/** A file that could not be loaded, or loaded with something wrong in it, and why; the rest still load. */
export interface LoadProblem {
  readonly pack: string;
  readonly source: string;
  /** 1-based line the problem is at, when it is at one. */
  readonly line?: number;
  readonly message: string;
  /** The file loaded anyway (a note with an unclosed code fence, broken front matter); absent: it was skipped. */
  readonly loaded?: boolean;
}

export interface Knowledge {
  readonly packs: readonly KnowledgePack[];
  readonly sections: readonly Section[];
  readonly problems: readonly LoadProblem[];
  /** Files parsed per pack, for status lines. */
  readonly fileCount: number;
}

/** One key per file across packs: sections and load problems of the same file share it. */
export function fileKey(of: { readonly pack: string; readonly source: string }): string {
  return `${of.pack}\u0000${of.source}`;
}

/** A one-line statement of what a section is about is at most this long. */
const SUMMARY_CHARS = 160;

/**
 * The short paragraph a section opens with, when it has one: on a reference
 * page, the line that says what the page is about ("Remove one or more containers").
 */
export function openingSummary(section: Section): ParagraphUnit | null {
  const first = section.units[0];
  return first?.kind === 'paragraph' && first.text.length <= SUMMARY_CHARS ? first : null;
}

/**
 * Per file, the line its page opens with: the opening summary of the first
 * top-level section that has one (and that `accept` takes). What every section
 * deeper in the page is about too.
 */
export function pageOpenings(
  sections: readonly Section[],
  accept: (opening: ParagraphUnit) => boolean = () => true,
): Map<string, { section: Section; opening: ParagraphUnit }> {
  const openings = new Map<string, { section: Section; opening: ParagraphUnit }>();
  for (const section of sections) {
    const key = fileKey(section);
    if (openings.has(key) || section.trail.length > 1) continue;
    const opening = openingSummary(section);
    if (opening && accept(opening)) openings.set(key, { section, opening });
  }
  return openings;
}

/** Every unit of a section, sub-bullets included, depth first. */
export function* walkUnits(units: readonly Unit[]): Generator<Unit> {
  for (const unit of units) {
    yield unit;
    if (unit.kind === 'item') yield* walkUnits(unit.children);
  }
}
