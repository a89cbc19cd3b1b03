import { NoteParseError, parseNote } from './parse-note.js';
import type { Section } from './section.js';

export interface ParseTask {
  readonly pack: string;
  readonly source: string;
  readonly text: string;
}

export type ParseOutcome = { readonly sections: Section[] } | { readonly error: string };

export function parseOne(task: ParseTask): ParseOutcome {
  try {
    return { sections: parseNote(task.text, { pack: task.pack, source: task.source }) };
  } catch (error) {
    return { error: error instanceof NoteParseError ? error.message : `cannot parse: ${(error as Error).message}` };
  }
}
