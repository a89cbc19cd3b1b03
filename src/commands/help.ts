import { ask } from './ask.js';
import type { Command } from './command.js';
import { helpReply } from './help-reply.js';

export const help: Command = {
  name: 'help',
  usage: '/docker help',
  summary: 'What the bot can do',
  async run(context) {
    // "help me with volumes" is a question, not a request for the command list.
    return context.args === '' ? [helpReply(context.event.platform, context.deps.knowledge)] : ask.run(context);
  },
};
