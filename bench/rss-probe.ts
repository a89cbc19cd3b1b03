/**
 * Run alone (a fresh process) so the figure is the bot's own: load a folder,
 * build the index, answer every question, print resident memory in MB.
 */
import { answerQuestion } from '../src/answer/compose-answer.js';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';

const [dir = '', ...questions] = process.argv.slice(2);
const base = new KnowledgeBase(await loadKnowledge([{ name: 'probe', dir }]));
for (const q of questions) answerQuestion(base.index, q);
process.stdout.write(`${JSON.stringify({ rssMb: process.memoryUsage().rss / 1e6, heapMb: process.memoryUsage().heapUsed / 1e6, sections: base.index.size })}\n`);
