import { Analyzer } from '../search/analyze.js';
import { compileLexicon, mergeLexicons, type Lexicon } from '../search/lexicon.js';
import { addressee } from './addressee.js';
import { DOCKER } from './docker.js';
import { ENGLISH } from './english.js';

export { DOCKER, ENGLISH };

/** What Wharfie's index is built with unless told otherwise: English, then Docker, and its own name as filler. */
export const DEFAULT_LEXICON: Lexicon = mergeLexicons(ENGLISH, DOCKER, addressee(['wharfie']));

/** The default lexicon's analyzer, for code outside the index that reads text the way the index does (the quiz, the report). */
export const defaultAnalyzer = new Analyzer(compileLexicon(DEFAULT_LEXICON));
