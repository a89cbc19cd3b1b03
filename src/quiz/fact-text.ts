import { defaultAnalyzer } from '../lexicon/default-lexicon.js';
import { normalizeText, stem } from '../search/stem.js';

/**
 * Wording helpers for quiz facts: turning a note's bullet or a reference
 * table cell into one clean clause, and comparing two clauses by meaning
 * words (stems, stop words and "docker" set aside).
 */

/** Words that only point back at something said before: the clause does not stand alone. */
export const ANAPHORA = /\b(afterwards|as before|again|above|below|it|its|them|they|this|those|these|ones|the same|that (container|image|volume|network|one|thing|file)s?)\b/i;
/** Notes' shorthand a teacher would not put in front of a class: "executes stuff in the container". */
export const SLOPPY = /\b(stuff|things?|wtf|obvs|kerflooie|bish|bosh|who cares|magic)\b/i;

/**
 * Short command and flag names and the words that spell them out: a prompt
 * saying "lists" gives `ls` away, "removes" gives `rm`, `rmi` and `remove`.
 */
const SPELLED_OUT: Readonly<Record<string, readonly string[]>> = {
  ls: ['list'], list: ['ls'], rm: ['remove', 'delete'], rmi: ['remove', 'delete'], remove: ['rm'], cp: ['copy'], exec: ['execute'],
  stats: ['statistics'], info: ['information'], diff: ['difference', 'differ'], env: ['environment'], cidfile: ['file'], tty: ['terminal'], pid: ['process'], ipc: ['communication'], cpu: ['processor'], mem: ['memory'], opt: ['option'], q: ['quiet'], ps: ['process'], inspect: ['inspect'],
  rename: ['rename'], prune: ['prune'], tag: ['tag'], push: ['push'], pull: ['pull'], logs: ['log'], img: ['image'],
};

/**
 * Names that are synonyms of a word an answer would use: "What does `docker push` do?" →
 * "Upload an image…" is answered by the name alone. A question about what the named thing
 * does is rejected when its answer holds one of these words (all words of a phrase); asked
 * the other way ("Which command uploads an image?") among commands of the same family it
 * is kept. Data, one reason each, so the gate can say why.
 */
export const NAME_GIVEAWAYS: readonly { readonly name: string; readonly words: readonly string[]; readonly reason: string; readonly askedBack?: true; readonly whatOnly?: true }[] = [
  { name: 'push', words: ['upload'], reason: 'to push an image is to upload it', askedBack: true },
  { name: 'pull', words: ['download', 'fetch'], reason: 'to pull an image is to download it', askedBack: true },
  { name: 'login', words: ['authenticate', 'log in', 'sign in'], reason: 'logging in is authenticating', askedBack: true },
  { name: 'logout', words: ['log out', 'sign out'], reason: 'logging out is signing out', askedBack: true },
  { name: 'diff', words: ['change', 'difference'], reason: 'a diff is a list of changes' },
  { name: 'inspect', words: ['detailed information', 'low-level information'], reason: 'to inspect is to show detailed information' },
  { name: 'prune', words: ['unused', 'dangling'], reason: 'pruning removes what is unused' },
  { name: 'timeout', words: ['seconds', 'time', 'wait', 'how long'], reason: 'a timeout is how long to wait' },
  { name: 'time', words: ['seconds'], reason: 'a time is a number of seconds' },
  { name: 'input', words: ['read from', 'instead of STDIN'], reason: 'an input is what is read from' },
  { name: 'output', words: ['write to', 'instead of STDOUT'], reason: 'an output is what is written to' },
  { name: 'kill', words: ['stop', 'kill'], reason: 'killing a container stops it' },
  { name: 'quiet', words: ['only IDs', 'only display', 'only show', 'suppress'], reason: 'quiet output is IDs only' },
  { name: 'verbose', words: ['detailed', 'verbose'], reason: 'verbose output is the detailed one' },
  { name: 'top', words: ['processes'], reason: 'top is the Unix process viewer' },
  { name: 'stats', words: ['resource usage'], reason: 'stats are resource usage figures' },
  { name: 'history', words: ['history'], reason: 'the name is the answer' },
  { name: 'search', words: ['search'], reason: 'the name is the answer' },
  { name: 'pause', words: ['suspend', 'freeze'], reason: 'to pause is to suspend: `docker pause` freezes the processes (the cgroup freezer)', askedBack: true },
  { name: 'wait', words: ['block', 'until'], reason: 'to wait is to block until something happens', askedBack: true },
  { name: 'unpause', words: ['unsuspend', 'resume'], reason: 'to unpause is to resume', askedBack: true },
  { name: 'follow', words: ['follow', 'stream'], reason: 'following output is streaming it as it is written' },
  { name: 'tail', words: ['end of the logs', 'last'], reason: 'a tail is the last lines' },
  { name: 'limit', words: ['maximum', 'at most'], reason: 'a limit is a maximum' },
  { name: 'publish', words: ['publish'], reason: 'the name is the answer' },
  { name: 'force', words: ['force', 'prompt', 'confirmation'], reason: 'forcing an action is doing it without asking for confirmation' },
  { name: 'interactive', words: ['STDIN', 'interactive'], reason: 'interactive means reading STDIN' },
  { name: 'attach', words: ['attach'], reason: 'the name is the answer' },
  { name: 'save', words: ['tar archive'], reason: 'saving an image writes a tar archive' },
  { name: 'load', words: ['tar archive'], reason: 'loading an image reads a tar archive' },
  // `whatOnly`: the word restates the name when the name is asked about ("What does `--detach` do?"); asked the
  // other way round ("Which option runs the container in the background?") the learner still has to know which.
  { name: 'privileged', words: ['permissions', 'privileges'], reason: 'privileges are permissions: "extended permissions" names `--privileged`', askedBack: true },
  { name: 'detach', words: ['background'], reason: 'a detached container runs in the background', whatOnly: true },
  { name: 'label', words: ['metadata'], reason: 'a label is metadata', whatOnly: true },
];

/**
 * Which giveaway words of these names a text holds, with the reason: `push` → "upload" (to push an image is to upload it).
 * `askedBack`: only the entries whose word is a synonym of the command's name, which give it away asked the other way
 * round too ("Which command authenticates…?" → `docker login`); "unused" or "tar archive" are shared by the family
 * (every prune, save and export) and leave the learner a choice there. `whatItDoes`: the name is asked about
 * ("What does `--label` do?"), so the `whatOnly` entries count too.
 */
export function nameGiveaways(names: readonly string[], text: string, askedBack = false, whatItDoes = false): string[] {
  const stems = contentStems(text);
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const entry of NAME_GIVEAWAYS) {
    if (!names.some((n) => n.toLowerCase() === entry.name) || (askedBack && !entry.askedBack) || (entry.whatOnly && !whatItDoes)) continue;
    for (const phrase of entry.words) {
      const wanted = [...contentStems(phrase)];
      const hit = wanted.length > 0 ? wanted.every((w) => stems.has(w)) : lower.includes(phrase.toLowerCase());
      if (hit) found.push(`"${phrase}" (${entry.reason})`);
    }
  }
  return found;
}

/** A name and the words that spell it out. */
export function spelledOut(name: string): string[] {
  return [name, ...(SPELLED_OUT[name.toLowerCase()] ?? [])];
}

/** Verbs a clause can start with to read as "Which command <verb>s …?". */
export const VERBS: ReadonlySet<string> = new Set(
  ('add allow apply assign attach bind bind-mount block build change circumvent clean compress connect control copy create disconnect define delete detach disable display download drop enable ' +
    'execute exit export expose fetch filter follow force format forward freeze get give import include inherit inspect isolate keep kill limit list load lock log make ' +
    'manage map mount open override overwrite pause print produce provide prune publish pull push read reboot redirect remove rename restart restrict resume return ' +
    're-run run save search see authenticate allocate proxy send set share show sign skip specify pretty-print squash start stop stream suppress tag tail take tune unpause update upload use verify wait write').split(' '),
);

/**
 * A clause as what follows a subject: "Run…" → "runs…", "Do not prompt…" → "does not prompt…",
 * "Only display IDs" → "only displays IDs", a noun phrase → "sets the …" ("How long…" → "sets how long…").
 */
export function predicateOf(clause: string): string {
  const words = clause.split(' ');
  if (VERBS.has(words[0]!.toLowerCase())) return lowerFirst(thirdPerson(clause));
  if (/^do not$/i.test(words.slice(0, 2).join(' '))) return `does not ${words.slice(2).join(' ')}`;
  if (/^(only|always|never|automatically)$/i.test(words[0]!) && words[1] && VERBS.has(words[1].toLowerCase())) return `${words[0]!.toLowerCase()} ${thirdPerson(words.slice(1).join(' '))}`;
  if (/^(how|what|which|where|when)\b/i.test(clause)) return `sets ${lowerFirst(clause)}`;
  return `sets the ${lowerFirst(clause)}`;
}

/**
 * An option's help said as what it does: "Number of lines to show from the end of the logs" → "Set the number of
 * lines…". Asked what an option does, the choices are all acts, so one said as a noun phrase would stand out
 * (or could not be a wrong choice at all). Labels of two words ("Detached mode") and clauses with a verb of
 * their own ("Highest gw-priority provides the default gateway") are left as they are.
 */
export function asAct(clause: string): string {
  const words = clause.split(' ');
  if (saysWhatItDoes(clause) || words.length < 3 || words.slice(1, 3).some((w) => /s$/.test(w) && VERBS.has(w.slice(0, -1).toLowerCase()) && !/ss$/.test(w))) return clause;
  const rest = clause.replace(/^(the|a|an)\s+/i, '');
  return /^(how|what|which|where|when)\b/i.test(rest) ? `Set ${lowerFirst(rest)}` : `Set the ${lowerFirst(rest)}`;
}

/** Content stems of a text: what two clauses must share to say the same thing. */
export function contentStems(text: string): Set<string> {
  const words = normalizeText(text.replace(/`/g, ' ')).match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => w !== 'docker' && !defaultAnalyzer.isStopWord(w)).map(stem));
}

/** Share of meaning words two clauses have in common (Jaccard), 0..1. */
export function overlap(a: string, b: string): number {
  const x = contentStems(a);
  const y = contentStems(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common += 1;
  return common / (x.size + y.size - common);
}

/**
 * A note's clause as a quiz choice: parentheses, trailing asides and final
 * punctuation dropped, first verb in the imperative ("lists" → "List").
 * Null when what is left does not stand alone.
 */
export function clauseOf(raw: string, limits: { min: number; max: number }): string | null {
  let text = withoutAsides(raw.replace(/\\\|/g, '|').replace(/<br\s*\/?>/gi, ' '));
  // "…, and `-it` to run…", "… - we're evaluating …", "…; but …": keep the first clause.
  // ", and error streams" continues a list; ", and `-it` to…" or ", but keep…" starts another clause.
  text = text.split(/\s+[-–—]\s+|;\s|,\s+(?:and|but|so|which|or)\s(?=`|(?:we|you|it|this)\b)|\.\s|\?\s|:\s/)[0]!.trim();
  const clause = /,\s+(?:and|but|so|which|or)\s+([a-z-]+)/.exec(text);
  if (clause && VERBS.has(clause[1]!)) text = text.slice(0, clause.index);
  text = text.replace(/[\s.,:;!?-]+$/, '').trim();
  if (text.length < limits.min || text.length > limits.max) return null;
  // "re-run the command that was originally used to kick it off again": cut short it says less than
  // the note, kept whole it points back at something the question does not show. Neither stands alone.
  if (ANAPHORA.test(text) || SLOPPY.test(text)) return null;
  if (/[|<>`()]|\bi\.?e\b|\be\.?g\b/i.test(text)) return null;
  // What a dropped parenthesis leaves dangling: "Show logs before a timestamp or relative".
  if (/\b(or|and|of|to|the|a|an|with|relative)$/i.test(text)) return null;
  // "see what changes…" is what the reader does; the command shows.
  return capitalise(imperative(text).replace(/^see (what|which|how)\b/i, 'show $1').replace(/ to command$/, ' to the command'));
}

/** A clause that says what something does ("Run…", "Only show…", "Do not prompt…"), not what it is. */
export function saysWhatItDoes(clause: string): boolean {
  return VERBS.has(clause.split(' ')[0]!.toLowerCase()) || /^(only|do not|don't|never|always|automatically)\b/i.test(clause);
}

/** A clause a learner can read on its own: it starts with a verb, or is a noun phrase long enough to say something ("Detached mode" and "Interactive" are labels). */
export function standsAlone(clause: string, minWords = 4): boolean {
  return VERBS.has(clause.split(' ')[0]!.toLowerCase()) || /^(only|do not|don't|automatically)\b/i.test(clause) || clause.split(' ').length >= minWords;
}

/**
 * Parentheses are asides, except one that opens the clause and is part of it:
 * "(create and) start a container" is "create and start a container".
 */
function withoutAsides(text: string): string {
  let out = text.trim().replace(/^\(([^()]*)\)\s*/, '$1 ');
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(/\s*\([^()]*\)/g, '');
  }
  return out.replace(/\s*\(.*$/, '').replace(/\)/g, '').replace(/\s+/g, ' ').trim();
}

/** "verifies Docker is installed" → "verify Docker is installed"; "creates and starts" → "create and start". */
export function imperative(text: string): string {
  const words = text.split(' ');
  words[0] = baseForm(words[0]!);
  if (words.length > 2 && /^(and|or)$/.test(words[1]!)) words[2] = baseForm(words[2]!);
  return words.join(' ');
}

/** "list the images" → "lists the images": how a clause reads after "Which command …". */
export function thirdPerson(text: string): string {
  const words = text.split(' ');
  words[0] = conjugate(words[0]!);
  // "…in background and print…", "…stop, then print…": every verb of the clause agrees.
  for (let i = 1; i < words.length - 1; i += 1) {
    if (/^(and|or|then)$/.test(words[i]!) && VERBS.has(words[i + 1]!.toLowerCase())) words[i + 1] = conjugate(words[i + 1]!);
  }
  return words.join(' ');
}

/** Only verbs: "Seconds to wait" keeps its noun. */
function baseForm(word: string): string {
  const lower = word.toLowerCase();
  const candidates = [lower.replace(/ies$/, 'y'), lower.replace(/(sh|ch|x|z|ss)es$/, '$1'), lower.replace(/s$/, '')];
  const base = /s$/.test(lower) ? candidates.find((c) => c !== lower && VERBS.has(c)) : undefined;
  return base ? (word.charAt(0) === word.charAt(0).toUpperCase() ? capitalise(base) : base) : word;
}

function conjugate(word: string): string {
  if (!/^[A-Za-z][a-z-]*$/.test(word)) return word;
  const lower = word.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowerFirst(text: string): string {
  // Keep acronyms and names as written: "STDIN", "Docker".
  return /^[A-Z][a-z]/.test(text) && !/^Docker\b/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * Apostrophes and quotes as typed: the reference pages carry look-alikes copied from
 * word processors ("container\u1fbfs" with a Greek psili, U+1FBF), which read as stray
 * marks in a chat message and defeat matching. Data, one reason each.
 */
export const ODD_MARKS: readonly { readonly pattern: RegExp; readonly plain: string; readonly reason: string }[] = [
  { pattern: /[\u1fbf\u1fbd\u02bc\u2019\u2018\u02b9\u00b4\u2032]/g, plain: "'", reason: 'look-alike apostrophes (Greek psili and koronis, modifier letters, typographic quotes, prime) are an apostrophe' },
  { pattern: /[\u201c\u201d\u201e\u2033]/g, plain: '"', reason: 'typographic double quotes are a double quote in a chat message' },
  { pattern: /[\u00a0\u2007\u202f]/g, plain: ' ', reason: 'a no-break space copied from a page is a space' },
  { pattern: /[\u200b\u200c\u200d\ufeff]/g, plain: '', reason: 'zero-width characters are invisible but break matching' },
];

/** `text` with every odd mark (ODD_MARKS) as typed on a keyboard. */
export function plainMarks(text: string): string {
  return ODD_MARKS.reduce((out, mark) => out.replace(mark.pattern, mark.plain), text);
}

/** A sentence for an explanation: markdown kept, whitespace tidied, odd marks plain, one final full stop. */
export function sentence(markdown: string): string {
  const text = plainMarks(markdown).replace(/\\\|/g, ' or ').replace(/\.\)\s*$/, ')').replace(/<br\s*\/?>/gi, ' ').replace(/\s+/g, ' ').trim().replace(/[\s.,:;]+$/, '');
  return `${capitalise(text)}.`;
}
