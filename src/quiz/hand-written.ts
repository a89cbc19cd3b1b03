import { parseNote } from '../knowledge/parse-note.js';
import type { Section } from '../knowledge/section.js';
import { idOf } from './generate-questions.js';
import { problemsWith, type QuizQuestion } from './quiz-question.js';
import { shuffled } from './seeded.js';

/**
 * Questions the team writes by hand, in `knowledge/quiz/*.md`:
 *
 *     ## Which flag publishes every EXPOSEd port?
 *
 *     - [ ] `-p 80:80`
 *     - [x] `-P`
 *     - [ ] `--network host`
 *     - [ ] `-it`
 *
 *     Explanation: `-P` maps each EXPOSEd port to a free high port.
 *
 *     Note: Day 2 › More port mapping
 *
 * `Note:` names the note by its heading trail, so the question links to it.
 * A question that breaks a rule is reported by file and heading, not posted.
 */
export interface HandWrittenResult {
  readonly questions: QuizQuestion[];
  readonly problems: string[];
}

const CHOICE = /^\[( |x|X)\]\s+([\s\S]+)$/;

export function parseHandWritten(text: string, file: string, notes: readonly Section[]): HandWrittenResult {
  const questions: QuizQuestion[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  // The heading as written, inline code and all: section titles are plain text.
  const asWritten = (section: Section): string => lines[section.line - 1]?.replace(/^#+\s*/, '').replace(/\s+#*\s*$/, '').trim() || section.title;
  const byTrail = new Map(notes.map((s) => [s.trail.join(' › ').toLowerCase(), s]));
  for (const section of parseNote(text, { pack: 'quiz', source: file })) {
    if (section.depth !== 2) continue;
    const choices: string[] = [];
    const right: string[] = [];
    let explanation = '';
    let note = '';
    for (const unit of section.units) {
      const choice = unit.kind === 'item' ? CHOICE.exec(unit.markdown) : null;
      if (choice) {
        choices.push(choice[2]!.trim());
        if (choice[1] !== ' ') right.push(choice[2]!.trim());
      } else if (unit.kind === 'paragraph' && /^explanation:/i.test(unit.markdown)) {
        explanation = unit.markdown.replace(/^explanation:\s*/i, '');
      } else if (unit.kind === 'paragraph' && /^note:/i.test(unit.text)) {
        note = unit.text.replace(/^note:\s*/i, '').trim();
      }
    }
    const where = `${file}: "${section.title}"`;
    const linked = byTrail.get(note.replace(/\s*(›|>)\s*/g, ' › ').toLowerCase());
    if (!linked) {
      problems.push(`${where}: "Note: ${note}" names no note (use the heading trail, like "Day 2 › Volumes")`);
      continue;
    }
    if (right.length !== 1) {
      problems.push(`${where}: mark exactly one choice [x] (found ${right.length})`);
      continue;
    }
    const id = idOf('hand-written', file, section.title);
    const question: QuizQuestion = {
      id,
      kind: 'hand-written',
      fact: id,
      question: asWritten(section),
      // Authors tend to put the right answer in the same place: shuffle, repeatably.
      choices: shuffled(choices, id),
      answer: right[0]!,
      // A sentence, as the generated ones are: authors often start with a lower-case word.
      explanation: explanation ? explanation.charAt(0).toUpperCase() + explanation.slice(1) : `See the notes: ${linked.trail.join(' › ')}.`,
      trail: linked.trail,
      source: linked.source,
    };
    const wrong = problemsWith(question);
    if (wrong.length > 0) problems.push(`${where}: ${wrong.join('; ')}`);
    else questions.push(question);
  }
  return { questions, problems };
}
