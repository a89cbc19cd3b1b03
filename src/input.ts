/**
 * Text from people, notes or containers, made safe to read and to repeat
 * back: terminal escapes, control characters and bidirectional overrides go
 * (they can drive a terminal or disguise text when echoed).
 */
// C0 and C1 controls except tab/newline, DEL, the bidi marks (LRM, RLM, ALM) and
// embedding/override/isolate controls, and the line/paragraph separators.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

// Terminal escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), two-character ESC forms, 8-bit CSI.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** Escapes, controls (tab and newline stay) and bidi marks removed; nothing else changed. */
export function stripControls(text: string): string {
  return text.replace(ESCAPES, '').replace(INVISIBLE, '');
}

/** A question or command as typed: controls stripped, line breaks and runs of space made one space. */
export function cleanInput(raw: string): string {
  return stripControls(raw).replace(/\s+/g, ' ').trim();
}

/** Text for a code block: a run of three backticks would close the block early, so it is broken up. */
export function breakCodeFences(text: string): string {
  return text.replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}

/** True when there is nothing to search for: no letter or digit at all. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** At most `max` UTF-16 units, cut between code points so an emoji or surrogate pair stays whole. */
export function cutToLength(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Like `cutToLength`, ending in an ellipsis when something was cut (still within `max`). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${cutToLength(text, max - 1)}…`;
}
