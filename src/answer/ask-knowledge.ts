import type { KnowledgeBase } from '../knowledge-base.js';
import type { Section } from '../knowledge/section.js';
import { answerFromSection, answerQuestion, answerTopic, type Answer } from './compose-answer.js';

/**
 * The one way a user's question is answered: the notes first, and the bundled
 * Docker CLI reference (when loaded) as a labelled fallback. Every caller that
 * answers a person goes through here, so the CLI, chat and the terminal agree.
 */
export function askKnowledge(knowledge: KnowledgeBase, question: string): Answer {
  return answerQuestion(knowledge.index, question, { reference: knowledge.reference });
}

/** A picked topic ("see also", a suggestion, an alternative), labelled with where it comes from. */
export function topicAnswer(knowledge: KnowledgeBase, section: Section): Answer {
  return withOrigin(knowledge, section, answerTopic(indexFor(knowledge, section), section));
}

/** A known section re-answered (a shared answer), labelled with where it comes from. */
export function sectionAnswer(knowledge: KnowledgeBase, question: string, section: Section, score: number): Answer {
  return withOrigin(knowledge, section, answerFromSection(indexFor(knowledge, section), question, section, score));
}

function indexFor(knowledge: KnowledgeBase, section: Section) {
  return knowledge.roleOf(section) === 'reference' && knowledge.reference ? knowledge.reference : knowledge.index;
}

/** answerTopic and answerFromSection speak for the notes; a reference section says so. */
function withOrigin(knowledge: KnowledgeBase, section: Section, answer: Answer): Answer {
  return knowledge.roleOf(section) === 'reference' ? { ...answer, from: 'reference' } : answer;
}
