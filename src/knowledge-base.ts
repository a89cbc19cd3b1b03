import { DEFAULT_LEXICON } from './lexicon/default-lexicon.js';
import type { Lexicon } from './search/lexicon.js';
import { SearchIndex } from './search/search-index.js';
import { fileKey, walkUnits, type Knowledge, type KnowledgePack, type PackRole, type Section } from './knowledge/section.js';

/**
 * The knowledge the bot answers from right now. A reload builds the new index
 * first and swaps it in whole, so a question never meets half an index and a
 * failed reload leaves the old one serving.
 *
 * One `Knowledge` makes two indexes: `index` holds the team's notes (packs of
 * role `notes`, the default), `reference` the third-party reference packs (the
 * bundled Docker CLI reference), searched only as a labelled fallback. They are
 * kept apart so a reference page never outranks, or counts as, a note.
 */
export class KnowledgeBase {
  private current!: {
    knowledge: Knowledge;
    notes: Knowledge;
    index: SearchIndex;
    referencePart: Knowledge | null;
    reference: SearchIndex | null;
    byId: Map<string, Section>;
    pagePaths: Map<string, string>;
  };

  /** The lexicon both indexes are built with: English and general Docker unless told otherwise. */
  private readonly lexicon: Lexicon;

  constructor(knowledge: Knowledge, options: { readonly lexicon?: Lexicon } = {}) {
    this.lexicon = options.lexicon ?? DEFAULT_LEXICON;
    this.replace(knowledge);
  }

  /** Swaps in everything: notes and reference. */
  replace(knowledge: Knowledge): void {
    const { notes, reference } = splitByRole(knowledge);
    this.swap(notes, reference, reference ? SearchIndex.build(reference.sections, { lexicon: this.lexicon }) : null);
  }

  /**
   * Swaps in new notes and keeps the reference as it is (index included): the
   * watcher reloads only the notes, and the read-only reference must survive.
   * Reference packs in `notes`, if any, are ignored.
   */
  replaceNotes(knowledge: Knowledge): void {
    this.swap(splitByRole(knowledge).notes, this.current.referencePart, this.current.reference);
  }

  private swap(notes: Knowledge, referencePart: Knowledge | null, reference: SearchIndex | null): void {
    const index = SearchIndex.build(notes.sections, { lexicon: this.lexicon });
    const knowledge: Knowledge = referencePart
      ? {
          packs: [...notes.packs, ...referencePart.packs],
          sections: [...notes.sections, ...referencePart.sections],
          problems: [...notes.problems, ...referencePart.problems],
          fileCount: notes.fileCount + referencePart.fileCount,
        }
      : notes;
    const byId = new Map(knowledge.sections.map((s) => [s.id, s]));
    // Reference pages keep their links across a reload of the notes: recompute only when the reference changed.
    const pagePaths = this.current?.referencePart === referencePart ? this.current.pagePaths : dockerCliPagePaths(knowledge);
    this.current = { knowledge, notes, index, referencePart, reference, byId, pagePaths };
  }

  /** Everything loaded: notes and reference packs. */
  get knowledge(): Knowledge {
    return this.current.knowledge;
  }

  /** The notes alone (what the quiz and the linter read). */
  get notes(): Knowledge {
    return this.current.notes;
  }

  /** The team's notes. */
  get index(): SearchIndex {
    return this.current.index;
  }

  /** The reference packs (the Docker CLI reference); null when none is loaded. */
  get reference(): SearchIndex | null {
    return this.current.reference;
  }

  /** A section of either index. */
  section(id: string): Section | undefined {
    return this.current.byId.get(id);
  }

  pack(name: string): KnowledgePack | undefined {
    return this.current.knowledge.packs.find((p) => p.name === name);
  }

  /** Whether a section comes from the notes or from a reference pack. */
  roleOf(section: Section): PackRole {
    return this.pack(section.pack)?.role ?? 'notes';
  }

  /** Where a section lives online, when its pack has a base URL. */
  url(section: Section): string | undefined {
    return sectionUrl(this.pack(section.pack), section, this.current.pagePaths);
  }
}

/** Where a section lives online, when its pack has a base URL (`pagePaths` from `dockerCliPagePaths`). */
export function sectionUrl(pack: KnowledgePack | undefined, section: Section, pagePaths: ReadonlyMap<string, string>): string | undefined {
  const base = pack?.baseUrl?.replace(/\/?$/, '/');
  if (!pack || !base) return undefined;
  const anchor = section.depth > 1 ? `#${section.anchor}` : '';
  if (pack.urlStyle === 'docker-cli') {
    const page = pagePaths.get(fileKey(section));
    return page === undefined ? undefined : `${base}${page}${anchor}`;
  }
  const page = section.source.replace(/\.(md|markdown)$/i, '');
  return `${base}${encodeURI(page)}${anchor}`;
}

function splitByRole(knowledge: Knowledge): { notes: Knowledge; reference: Knowledge | null } {
  const referencePacks = knowledge.packs.filter((p) => p.role === 'reference');
  if (referencePacks.length === 0) return { notes: knowledge, reference: null };
  const names = new Set(referencePacks.map((p) => p.name));
  const isRef = (of: { pack: string }): boolean => names.has(of.pack);
  const part = (ref: boolean): Knowledge => {
    const sections = knowledge.sections.filter((s) => isRef(s) === ref);
    return {
      packs: knowledge.packs.filter((p) => names.has(p.name) === ref),
      sections,
      problems: knowledge.problems.filter((p) => isRef(p) === ref),
      fileCount: new Set(sections.map(fileKey)).size,
    };
  };
  return { notes: part(false), reference: part(true) };
}

/**
 * docs.docker.com serves the CLI reference by command, not by file:
 * `container_run.md` is `container/run/`, and an alias page (`run.md`, whose
 * "Aliases" section starts with `docker container run`) is its command's page.
 * Files that name no command (`index.md`, `docker.md`) are the reference's root.
 */
export function dockerCliPagePaths(knowledge: Knowledge): Map<string, string> {
  const styled = new Set(knowledge.packs.filter((p) => p.urlStyle === 'docker-cli').map((p) => p.name));
  const paths = new Map<string, string>();
  if (styled.size === 0) return paths;
  for (const section of knowledge.sections) {
    if (!styled.has(section.pack)) continue;
    const key = fileKey(section);
    if (section.title === 'Aliases') {
      const first = [...walkUnits(section.units)].flatMap((u) => u.code).find((c) => /^docker( [a-z0-9-]+)+$/.test(c.trim()));
      if (first) {
        const words = first.trim().split(' ').slice(1);
        paths.set(key, `${words.join('/')}/`);
        continue;
      }
    }
    if (paths.has(key)) continue;
    const name = section.source.replace(/\.(md|markdown)$/i, '');
    paths.set(key, name === 'index' || name === 'docker' ? '' : `${name.split('_').map(encodeURIComponent).join('/')}/`);
  }
  return paths;
}
