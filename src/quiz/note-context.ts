import type { Unit } from '../knowledge/section.js';
import { overlap, sentence, SLOPPY, thirdPerson, VERBS } from './fact-text.js';

/**
 * What a note says around the line a question comes from, for the explanation
 * after the answer: the line's own aside ("(i.e. what is in the container that
 * wasn't in the image.)"), the bullet under it, or the example beside it. An
 * explanation that only repeats the question teaches nothing; this adds the why
 * or the how, in the note's words, inline code kept.
 */
const MAX_CONTEXT = 220;
/** Lines that are about the class, not about Docker. */
const CHATTER = /\b(we|we're|let's|I|our|us|obvs|who cares)\b/i;
/**
 * Note-speak a quiz explanation cannot stand on: a line about what "they" (the rows of some output) or "you"
 * see ("note that they're running a command, and they expose some ports") reads as a claim about every container.
 */
const NOTE_SPEAK = /^(they|they're|you|you're|it's|these|those|also|so|and|but)\b|\b(they|they're|them|kerflooie|stuff)\b/i;

export function noteContext(unit: Unit, siblings: readonly Unit[], said: string, command?: string, flag?: string): string[] {
  const line = unit.markdown.split('\n')[0]!.trim();
  const found: string[] = [];
  // The line's aside: a parenthesis, or what follows a dash.
  const aside = /\((?:i\.e\.?\s*|e\.g\.?\s*)?([^()]{8,})\)/.exec(line)?.[1] ?? /\s[-–—]\s+(.{8,})$/.exec(line.replace(/^`[^`]+`\s+[-–—]\s+/, ''))?.[1];
  if (aside) found.push(/^i\.e/i.test(line.slice(line.indexOf('(') + 1)) ? `That is, ${aside}` : aside);
  // The bullet under it: "Any changes made prior to the commit will show up when the modified image is run".
  if (unit.kind === 'item') for (const child of unit.children.slice(0, 2)) found.push(child.markdown.split('\n')[0]!.replace(/^(note that|e\.g\.?|example:?)\s+/i, ''));
  // An example elsewhere in the section that runs the same command, the one nearest the line in words.
  if (command) {
    const shown = new Set(unit.code.map((c) => c.trim()));
    const examples = siblings
      .filter((u) => u !== unit)
      .flatMap((u) => u.code.map((c) => c.trim()))
      // A flag's example must use the flag: `docker logs <id>` shows nothing about `-f`.
      .filter((c) => !flag || c.split(/\s+/).some((w) => w.replace(/[()]/g, '').split('=')[0] === flag))
      // `docker rm $(docker ps -aq)` is an example of `docker ps -aq` too.
      .filter((c) => (c === command || c.startsWith(`${command} `) || c.includes(`$(${command} `)) && !shown.has(c) && c.length <= 90 && !/[|`]/.test(c) && c.split(' ').length > command.split(' ').length);
    const best = examples.map((c, i) => ({ c, score: overlap(c.replace(/-+/g, ' '), line) - i / 1000 })).sort((a, b) => b.score - a.score)[0];
    if (best) found.push(`For example: \`${best.c}\``);
  }
  return found
    .map((t) => t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim())
    .filter((t) => t.length >= 8 && t.length <= MAX_CONTEXT && !SLOPPY.test(t) && !CHATTER.test(t.replace(/`[^`]*`/g, ' ')) && !NOTE_SPEAK.test(t.replace(/`[^`]*`/g, ' ').trim()) && (t.match(/`/g) ?? []).length % 2 === 0 && !/[|\\]/.test(t))
    .filter((t) => overlap(t, said) < 0.6)
    .slice(0, 2)
    .map((t) => sentence(asSentence(t)));
}

/**
 * A note's aside as a sentence: notes are shorthand, a quiz explanation is read on its own.
 * "Can be `FROM scratch`…" lacks its subject (the thing the line is about: "It");
 * "With `-a` to include stopped ones" lacks its verb (you add the flag). Anything else
 * is taken as it stands.
 */
function asSentence(aside: string): string {
  const text = aside.trim();
  if (/^(can|could|may|might|must|should|will|would|is|are|has|needs?)\b/i.test(text)) return `It ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  const withFlag = /^with (`[^`]+`) to (\w.*)$/i.exec(text);
  if (withFlag) return `Add ${withFlag[1]} to ${withFlag[2]}`;
  // "`docker ps -aq` to get all the container IDs": the note's "command to do" shorthand, said as a sentence.
  const commandTo = /^(`[^`]+`) to (\w.*)$/.exec(text);
  if (commandTo && VERBS.has(commandTo[2]!.split(' ')[0]!.toLowerCase())) return `${commandTo[1]} ${thirdPerson(commandTo[2]!)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The explanation with the note's context after it. "That is, …" restates the sentence
 * before it and is joined to it, not left as a fragment of its own.
 */
export function withNoteContext(explanation: string, unit: Unit, siblings: readonly Unit[], command?: string, flag?: string): string {
  let out = explanation;
  for (const context of noteContext(unit, siblings, explanation, command, flag)) {
    out = /^That is, /.test(context) && /\.$/.test(out) ? `${out.slice(0, -1)}, that is, ${context.slice('That is, '.length)}` : `${out} ${context}`;
  }
  return out;
}
