import { NoteParseError, parseNoteFile, type ParsedNote } from './parse-note.js';

export interface ParseTask {
  readonly pack: string;
  readonly source: string;
  readonly text: string;
}

export type ParseOutcome = ParsedNote | { readonly error: string };

export function parseOne(task: ParseTask): ParseOutcome {
  try {
    return parseNoteFile(task.text, { pack: task.pack, source: task.source });
  } catch (error) {
    return { error: error instanceof NoteParseError ? error.message : `cannot parse: ${(error as Error).message}` };
  }
}
