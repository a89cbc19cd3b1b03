/**
 * Every number the engine ranks by, in one place. Each was set on the
 * development half of the chat question set and the team's own sets, and is
 * reported against the held-back half (`npm run eval`).
 */
export const TUNING = Object.freeze({
  /** BM25 term-frequency saturation. */
  k1: 1.2,
  /** Field weights and length normalisation: a heading says what a section is about; code says what it runs. */
  fields: Object.freeze({
    title: { weight: 2, b: 0.3 },
    aliases: { weight: 4, b: 0.3 },
    context: { weight: 1, b: 0.5 },
    /** The file's own name: on a reference, the command it documents (volume_create.md). */
    file: { weight: 2, b: 0 },
    /** A section that opens with one short sentence states its topic there ("Remove one or more containers"). */
    summary: { weight: 3, b: 0.3 },
    /** How each bullet or table row begins: where a note defines a command or flag. */
    lead: { weight: 3, b: 0 },
    code: { weight: 1.5, b: 0.5 },
    // Long sections match everything a little: fuller length normalisation keeps them from drawing vague questions.
    body: { weight: 1, b: 0.75 },
  }),
  /** Sections of a page that answers many parts of a question share in it: a fifth of the mean of the page's three best. */
  pageShare: 0.2,
  pageSections: 3,
  /** A section that is only a list of code (an "Aliases" list) ranks at this share of its score. */
  codeOnlyPrior: 0.7,
  /** A section that is an index of other pages (a "Subcommands" table) ranks at this share: each page answers better. */
  directoryPrior: 0.7,
  /** Matching the section's own heading says more than any count of body words. */
  titleBonus: 1.2,
  /** Word pairs are evidence of phrasing, worth less than a word of their own. */
  pairWeight: 0.5,
  /** How much a question word must be covered, by kind (a known word weighs 0.5 to 1.5 by rarity). */
  everydayWeight: 0.25,
  unknownWeight: 2.5,
  /** A name the notes do not use (node_modules, my-app, v1.2) is an instance of a topic, not the topic. */
  identifierWeight: 0.5,
  /** A synonym from the lexicon counts this much of the word itself. */
  synonymWeight: 0.5,
  /** "build an image" is close to `docker build`. */
  commandWordWeight: 0.8,
  /** A word of the dictionary is corrected only to a vocabulary word beginning with this many of its letters: a form of itself. */
  realWordFixPrefix: 5,
  /** Candidates: each term reads at most this many postings, strongest first; then this many are scored exactly. */
  readPrimary: 400,
  readExpansion: 150,
  candidates: 64,
  /** Chat messages: how much each part of a message counts. */
  message: Object.freeze({
    /** The sentence that asks. */
    ask: 1,
    /** Pasted commands, code and error text: strong evidence of the topic. */
    code: 1,
    /** The story around the question. */
    story: 0.5,
  }),
  /** Past this many groups a question is an essay; the rest adds noise, not meaning. */
  maxGroups: 32,
  /** Questions are read up to this length; a 10,000-character paste is not a question. */
  maxQuestionChars: 1_000,
});
