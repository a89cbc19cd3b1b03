import { beforeAll, describe, expect, it } from 'vitest';
import { commandCard } from '../../src/answer/command-card.js';
import type { TermSource } from '../../src/answer/excerpt.js';
import { CLI_DOCS } from '../support/cli-docs.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { fileKey, type Section } from '../../src/knowledge/section.js';
import type { QueryGroup } from '../../src/search/query.js';
import { DEFAULT_LEXICON } from '../../src/lexicon/default-lexicon.js';
import { SearchIndex } from '../../src/search/search-index.js';

interface Reader extends TermSource {
  groups(question: string): readonly QueryGroup[];
}

/** The only place the test reads a question: the search index's API is the part most likely to move. */
function questionReader(sections: readonly Section[]): Reader {
  // Read as the bot reads: with the English and Docker lexicon.
  const index = SearchIndex.build(sections, { lexicon: DEFAULT_LEXICON });
  return { groups: (question) => index.parse(question), idf: (term) => index.idf(term), analyzer: index.analyzer };
}

describe('commandCard over the Docker CLI reference', () => {
  let pages: Map<string, Section[]>;
  let reader: Reader;

  beforeAll(async () => {
    const knowledge = await loadKnowledge([{ name: 'docker-reference', dir: CLI_DOCS }]);
    pages = new Map();
    for (const section of knowledge.sections) {
      const key = section.source;
      const page = pages.get(key) ?? [];
      page.push(section);
      pages.set(key, page);
    }
    reader = questionReader(knowledge.sections);
  });

  const page = (file: string): Section[] => {
    const found = pages.get(file);
    if (!found) throw new Error(`no page ${file}`);
    return found;
  };
  const section = (file: string, title?: string): Section => {
    const sections = page(file);
    const found = title === undefined ? sections[0] : sections.find((s) => s.title === title);
    if (!found) throw new Error(`no section "${title}" in ${file}`);
    return found;
  };
  const card = (file: string, question: string, focusTitle?: string): string | null => {
    const result = commandCard(page(file), section(file, focusTitle), reader.groups(question), reader);
    return result?.markdown ?? null;
  };

  it('shows the command and an example for "show detailed information about a volume"', () => {
    const text = card('volume_inspect.md', 'show detailed information about a volume');
    expect(text).not.toBeNull();
    expect(text).toContain('`docker volume inspect`');
    expect(text).toContain('Display detailed information on one or more volumes');
    expect(text).toContain('```console');
    // The example that runs the command, not the `volume create` set-up before it.
    expect(text).toContain('$ docker volume inspect myvolume');
  });

  it('names the --signal row for "kill a container with a specific signal"', () => {
    const text = card('container_kill.md', 'kill a container with a specific signal')!;
    expect(text).toContain('- `-s`, `--signal`: Signal to send to the container');
    expect(text).toMatch(/`docker (?:container )?kill`/);
  });

  it('lists the aliases for "save an image to a tar archive"', () => {
    const text = card('image_save.md', 'save an image to a tar archive')!;
    expect(text.startsWith('`docker image save`')).toBe(true);
    expect(text).toContain('Aliases: `docker save`');
    expect(text).toContain('$ docker save busybox > busybox.tar');
  });

  it('names a row by the flag the question writes', () => {
    const text = card('container_ls.md', 'docker ps --no-trunc')!;
    expect(text).toContain("- `--no-trunc`: Don't truncate output");
  });

  it('names no row when the question asks only for the command', () => {
    const text = card('volume_inspect.md', 'docker volume inspect')!;
    expect(text).not.toContain('--format');
  });

  it('explains a flag from its own sub-section when search lands there', () => {
    const text = card('volume_inspect.md', 'format the output of volume inspect', 'Format the output (--format)')!;
    expect(text).toContain('`-f`, `--format`: Format output using a custom template');
    expect(text).toContain('Use the `--format` flag to format the output using a Go template');
    expect(text).toContain("$ docker volume inspect --format '{{ .Mountpoint }}' myvolume");
    expect(text).not.toContain('$ docker volume create myvolume');
  });

  it('takes the example of the section search found when the question matches its code', () => {
    const text = card('container_ls.md', 'filter containers by label', 'label')!;
    expect(text).toContain('$ docker ps --filter "label=color"');
    expect(text).toContain('`--filter`');
  });

  it('cards an alias page (rm.md: no examples) from its options and aliases', () => {
    const text = card('rm.md', 'force remove a running container')!;
    expect(text.startsWith('`docker rm` — Remove one or more containers')).toBe(true);
    expect(text).toContain('Aliases: `docker container rm`, `docker container remove`');
    expect(text).toContain('`--force`');
  });

  it('names the command from the file when the heading is short or wrong', () => {
    expect(card('container_update.md', 'update a container')).toMatch(/^`docker container update`/);
    expect(card('context.md', 'contexts')).toMatch(/^`docker context` — Manage contexts/);
    expect(card('image_build.md', 'legacy builder')).toMatch(/^`docker image build`/);
    expect(card('docker.md', 'docker')).toMatch(/^`docker` — The base command/);
  });

  it('lists a parent page as its subcommands, the ones the question names first', () => {
    const text = card('volume.md', 'show detailed information about a volume')!;
    expect(text.startsWith('`docker volume` — Manage volumes')).toBe(true);
    expect(text).toContain('Subcommands:\n- `docker volume inspect`: Display detailed information on one or more volumes');
    expect(text).toContain('- `docker volume create`: Create a volume');
    // The base command lists dozens: as many as fit, and a count of the rest.
    const base = card('docker.md', 'what commands are there')!;
    expect(base.length).toBeLessThanOrEqual(900);
    expect(base).toMatch(/… \d+ more on the page/);
  });

  it('returns null for a page that is not about a command', () => {
    expect(card('index.md', 'docker commands')).toBeNull();
    const note: Section = { ...section('volume_inspect.md'), title: 'Volumes', trail: ['Volumes'], source: 'notes/volumes.md' };
    expect(commandCard([note], note, reader.groups('volumes'), reader)).toBeNull();
  });

  it('writes clean prose on every page: no table pipes, link targets, <br> or escapes', () => {
    const questions = ['', 'format the output', 'filter by label', 'with a specific signal', 'cpu shares', 'health check interval'];
    for (const [file, sections] of pages) {
      for (const question of questions) {
        for (const focus of [sections[0]!, sections[sections.length - 1]!]) {
          const text = commandCard(sections, focus, reader.groups(question), reader)?.markdown;
          if (!text) continue;
          const prose = text.replace(/(`{3,})[^\n]*\n[\s\S]*?\n\1/g, '');
          expect(prose, `${file} / ${question}`).not.toContain('](#');
          expect(prose, `${file} / ${question}`).not.toMatch(/<br\s*\/?>/i);
          expect(prose, `${file} / ${question}`).not.toContain('\\|');
          expect(prose, `${file} / ${question}`).not.toMatch(/^\|.*\|$/m);
          expect(text.length, `${file} / ${question}`).toBeLessThanOrEqual(900);
        }
      }
    }
  });

  it('keeps cards short: median well under 900 characters over all command pages', () => {
    const lengths: number[] = [];
    for (const sections of pages.values()) {
      const result = commandCard(sections, sections[0]!, [], reader);
      if (result) lengths.push(result.markdown.length);
    }
    lengths.sort((a, b) => a - b);
    const median = lengths[Math.floor(lengths.length / 2)]!;
    const p90 = lengths[Math.floor(lengths.length * 0.9)]!;
    console.info(`command cards: ${lengths.length} pages, median ${median}, p90 ${p90}, max ${lengths[lengths.length - 1]}`);
    expect(lengths.length).toBeGreaterThanOrEqual(175);
    expect(median).toBeLessThanOrEqual(900);
    expect(median).toBeLessThanOrEqual(600);
  });

  it('is pure: the same input gives the same card, and the page keeps its file', () => {
    const sections = page('container_kill.md');
    const groups = reader.groups('kill a container with a specific signal');
    const a = commandCard(sections, sections[0]!, groups, reader);
    const b = commandCard([...sections], sections[0]!, groups, reader);
    expect(a).toEqual(b);
    expect(new Set(sections.map((s) => fileKey(s))).size).toBe(1);
  });
});
