/**
 * Run alone (a fresh process) so the figure is the bot's own: load a folder,
 * build the index, answer every question, print resident memory in MB.
 */
import { askKnowledge } from '../src/answer/ask-knowledge.js';
import { KnowledgeBase } from '../src/knowledge-base.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';

import type { KnowledgePack } from '../src/knowledge/section.js';

const [packs = '[]', ...questions] = process.argv.slice(2);
const base = new KnowledgeBase(await loadKnowledge(JSON.parse(packs) as KnowledgePack[]));
for (const q of questions) askKnowledge(base, q);
process.stdout.write(`${JSON.stringify({ rssMb: process.memoryUsage().rss / 1e6, heapMb: process.memoryUsage().heapUsed / 1e6, sections: base.index.size + (base.reference?.size ?? 0) })}\n`);
