import { SearchIndex } from '../search/search-index.js';
import type { Knowledge, KnowledgePack, Section } from './section.js';

/**
 * The knowledge the bot answers from right now. A reload builds the new index
 * first and swaps it in whole, so a question never meets half an index and a
 * failed reload leaves the old one serving.
 */
export class KnowledgeBase {
  private current!: { knowledge: Knowledge; index: SearchIndex; byId: Map<string, Section> };

  constructor(knowledge: Knowledge) {
    this.replace(knowledge);
  }

  replace(knowledge: Knowledge): void {
    const index = SearchIndex.build(knowledge.sections);
    const byId = new Map(knowledge.sections.map((s) => [s.id, s]));
    this.current = { knowledge, index, byId };
  }

  get knowledge(): Knowledge {
    return this.current.knowledge;
  }

  get index(): SearchIndex {
    return this.current.index;
  }

  section(id: string): Section | undefined {
    return this.current.byId.get(id);
  }

  pack(name: string): KnowledgePack | undefined {
    return this.current.knowledge.packs.find((p) => p.name === name);
  }

  /** Where a section lives online, when its pack has a base URL. */
  url(section: Section): string | undefined {
    const base = this.pack(section.pack)?.baseUrl;
    if (!base) return undefined;
    const page = section.source.replace(/\.(md|markdown)$/i, '');
    return `${base.replace(/\/?$/, '/')}${encodeURI(page)}${section.depth > 1 ? `#${section.anchor}` : ''}`;
  }
}
