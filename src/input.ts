/**
 * What people type, made safe to read and to repeat back: control characters
 * and bidirectional overrides go (they can disguise text when echoed), line
 * breaks become spaces, runs of space collapse.
 */
// C0 and C1 controls except tab/newline, DEL, and the bidi embedding/override/isolate marks.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

// Terminal escape sequences pasted from a coloured terminal: CSI (ESC [ ... final) and OSC (ESC ] ... BEL/ST).
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/g;

export function cleanInput(raw: string): string {
  return raw.replace(ESCAPES, '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
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
