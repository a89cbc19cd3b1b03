import type { CompiledLexicon } from './lexicon.js';
import { TUNING } from './tuning.js';

/**
 * A chat message read as people write it: mentions and greetings are not the
 * question; pasted code, commands and error text are strong evidence; the
 * sentence that asks weighs more than the story around it. Nothing here knows
 * the domain: which words open a question comes from the lexicon.
 */
export interface MessagePart {
  readonly text: string;
  readonly kind: 'ask' | 'code' | 'story';
  readonly weight: number;
}

/** `<@U123>`, `<!here>`, `<#C1|general>`, `@wharfie`: who is addressed, not what is asked. */
const MENTION = /<[@!#][^>\s]*>|(?:^|\s)@[\w.-]+/g;
const FENCE = /```[\w-]*\n?([\s\S]*?)(?:```|$)/g;
const INLINE_CODE = /`([^`\n]+)`/g;
/** A line pasted from a terminal: a prompt, a command of the domain, or an error. */
const PASTED_LINE = /^\s*(?:\$\s+\S|#\s+\S|(?:error|fatal|warning)\b[:\s]|[\w-]+: (?:error|denied|not found|permission denied))/i;
/** Sentence ends: punctuation followed by a space or the end (not the dot of `.git` or `v1.2`), or a line break. */
const SENTENCE = /(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+(?=\s|$)|\n|$)/g;

export function readMessage(message: string, lexicon: CompiledLexicon): MessagePart[] {
  const code: string[] = [];
  let text = message.replace(MENTION, ' ');
  text = text.replace(FENCE, (_, body: string) => {
    code.push(body);
    return '\n';
  });
  const story: string[] = [];
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    // Quoted text is what someone else wrote: context, not the question.
    if (/^\s*>/.test(line)) story.push(line.replace(/^\s*>+/, ''));
    else if (PASTED_LINE.test(line)) code.push(line);
    else lines.push(line);
  }
  text = lines.join('\n');
  // Inline code stays in its sentence (it is part of what is said) and also counts on its own.
  for (const [, span] of text.matchAll(INLINE_CODE)) code.push(span!);

  const sentences = [...text.matchAll(SENTENCE)].map(([s]) => s.trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
  const asking = sentences.map((s) => asks(s, lexicon));
  const anyAsks = asking.some(Boolean);
  const parts: MessagePart[] = [];
  sentences.forEach((sentence, i) => {
    // A message with no sentence that asks is all question ("docker logs follow").
    const isAsk = !anyAsks || asking[i]!;
    parts.push({ text: sentence, kind: isAsk ? 'ask' : 'story', weight: isAsk ? TUNING.message.ask : TUNING.message.story });
  });
  for (const snippet of code) if (snippet.trim() !== '') parts.push({ text: snippet, kind: 'code', weight: TUNING.message.code });
  for (const quoted of story) if (quoted.trim() !== '') parts.push({ text: quoted, kind: 'story', weight: TUNING.message.story });
  return parts;
}

/** A sentence asks when it ends in a question mark or opens with a word that asks. */
function asks(sentence: string, lexicon: CompiledLexicon): boolean {
  if (/\?\s*$/.test(sentence)) return true;
  const first = /[\p{L}']+/u.exec(sentence.toLowerCase())?.[0]?.replace(/'/g, '');
  return first !== undefined && lexicon.isAskWord(first);
}
