import { askKnowledge } from '../answer/ask-knowledge.js';
import { answerReply } from '../answer/answer-reply.js';
import { hasWords } from '../input.js';
import { MAX_QUESTION_CHARS } from '../search/query.js';
import { notice } from '../reply.js';
import type { Command } from './command.js';
import { helpReply } from './help-reply.js';

export const ask: Command = {
  name: 'ask',
  usage: '/docker <question>',
  summary: 'Answer a question from the notes, e.g. `/docker how do volumes work`',
  async run({ event, args, deps }) {
    if (args === '') return [helpReply(event.platform, deps.knowledge)];
    if (!hasWords(args)) {
      return [notice("I couldn't find a question in that. Try words, a command like `docker exec`, or a flag like `--pid=host`.")];
    }
    const answer = askKnowledge(deps.knowledge, args);
    // Not awaited: the answer never waits on the question log (its errors go to onError).
    void deps.usage?.asked(event, answer);
    const replies = [answerReply(answer, deps.knowledge, { visibility: event.askedInPublic ? 'channel' : 'private' })];
    if (args.length > MAX_QUESTION_CHARS) {
      replies.push(notice(`That was a long one: I read the first ${MAX_QUESTION_CHARS.toLocaleString('en')} characters.`));
    }
    return replies;
  },
};
