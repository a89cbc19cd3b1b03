import type { CompiledLexicon } from './lexicon.js';
import { foldText, normalizeText, stem } from './stem.js';

export { normalizeText, stem };

/**
 * Turns text into index terms. Several kinds of term share one space:
 * - word stems (`volumes` → `volum`),
 * - flags as written (`--pid`, `--pid=host`, `-it`, `-P`), never stemmed,
 * - command phrases of the lexicon's programs (`cmd:docker volume create`),
 * - literals with inner punctuation (`lit:80:80`, `lit:/etc/hosts`),
 * - keywords written in capitals (`kw:run`),
 * - word pairs (`bi:run contain`), which reward words that stand together.
 * The same analyzer reads notes and questions, so both meet in the middle.
 */

// Flags keep their case: `-p` publishes one port, `-P` all of them.
const FLAG = /(?:^|[\s([{"'`=,;|])(--?[A-Za-z][A-Za-z0-9-]*(?:=[^\s"'`),;|\]}]+)?)/g;
const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
/** Tokens whose punctuation is part of the meaning: ports, paths, image tags, dotfiles, config file names. */
const LITERAL = /(?:^|[\s`'"(])((?:[\w.$/{}-]*[\w}][:/][\w.$/{}:-]*[\w}])|(?:\.[a-z][\w.-]+)|(?:[a-z][\w-]*\.(?:json|ya?ml|toml|conf|ini|env|sock|sh|txt|md|lock)))(?=$|[\s`'"),;:.!?])/gi;

export class Analyzer {
  private readonly command: RegExp | null;

  constructor(readonly lexicon: CompiledLexicon) {
    const prefixes = [...lexicon.commandPrefixes].map((p) => p.replace(/[^\w-]/g, ''));
    this.command = prefixes.length > 0 ? new RegExp(`(?:^|[^\\w-])(${prefixes.join('|')})((?:\\s+[a-z][a-z0-9-]*){1,2})`, 'g') : null;
  }

  isStopWord(word: string): boolean {
    return this.lexicon.isStopWord(word);
  }

  /** Rewrites everyday phrases into the word the notes use ("get out of" → "exit"). */
  rewrite(text: string): string {
    let out = ` ${normalizeText(text)} `;
    for (const { pattern, to } of this.lexicon.rewrites) out = out.replace(pattern, ` ${to} `);
    return out.trim();
  }

  /**
   * Word stems in order, stop words dropped. A hyphenated word also counts
   * whole (`multi-container` → `multi`, `contain`, `multicontain`), so a
   * question that writes it either way finds it.
   */
  wordTerms(text: string): string[] {
    const out: string[] = [];
    for (const [token] of normalizeText(text).matchAll(HYPHENATED)) {
      const parts = token.split('-').filter((p) => p !== '');
      for (const part of parts) if (!this.isStopWord(part)) out.push(stem(part));
      if (parts.length > 1) out.push(stem(parts.join('')));
    }
    return out;
  }

  /** `docker volume create x` yields `cmd:docker volume` and `cmd:docker volume create`. */
  commandTerms(text: string): string[] {
    if (!this.command) return [];
    const out: string[] = [];
    for (const match of normalizeText(text).matchAll(this.command)) {
      const program = match[1]!;
      const words = match[2]!.trim().split(/\s+/);
      if (this.isStopWord(words[0]!)) continue;
      out.push(`cmd:${program} ${words[0]}`);
      if (words[1] && !this.isStopWord(words[1])) out.push(`cmd:${program} ${words[0]} ${words[1]}`);
    }
    return out;
  }

  /** Keywords written as keywords (upper case): `RUN` is not the everyday "run", nor `FROM` a stop word. */
  keywordTerms(text: string): string[] {
    const pattern = this.lexicon.keywordPattern;
    return pattern ? [...text.matchAll(pattern)].map(([word]) => `kw:${word.toLowerCase()}`) : [];
  }

  /** Everything a piece of text says, as terms. */
  analyze(text: string): string[] {
    const words = this.wordTerms(text);
    return [...words, ...pairTerms(words), ...flagTerms(text), ...this.commandTerms(text), ...literalTerms(text), ...this.keywordTerms(text)];
  }
}

/** Neighbouring stems in either order: `list the running containers` → `bi:list run`, `bi:contain run`. */
export function pairTerms(stems: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < stems.length; i += 1) out.push(pairTerm(stems[i]!, stems[i + 1]!));
  return out;
}

export function pairTerm(a: string, b: string): string {
  return a < b ? `bi:${a} ${b}` : `bi:${b} ${a}`;
}

/** Flags as written: `--pid=host` yields `--pid=host` and `--pid`. Long flags are case-folded. */
export function flagTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of foldText(text).matchAll(FLAG)) {
    let flag = match[1]!.replace(/[.:]+$/, '');
    if (flag.startsWith('--')) flag = flag.toLowerCase();
    if (flag.length < 2 || /^-+$/.test(flag)) continue;
    out.push(flag);
    const eq = flag.indexOf('=');
    if (eq > 0) out.push(flag.slice(0, eq));
  }
  return out;
}

export function literalTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(LITERAL)) {
    const literal = match[1]!;
    if (/^(?:https?|ftp):/.test(literal) || literal.length > 40) continue;
    out.push(`lit:${literal}`);
  }
  return out;
}
