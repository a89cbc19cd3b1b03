import { decodeAction, type Action } from './actions.js';
import { sectionAnswer, topicAnswer } from './answer/ask-knowledge.js';
import { answerReply } from './answer/answer-reply.js';
import { commandNamed, routeLine } from './commands/index.js';
import { run } from './commands/run.js';
import type { ActionEvent, CommandEvent } from './events.js';
import { UserError, asWharfieError } from './errors.js';
import { cleanInput } from './input.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import type { Logger } from './logger.js';
import { notice, type Reply } from './reply.js';
import { quizUnavailableNotice, type Quiz } from './quiz/quiz-service.js';
import type { UsageLog } from './usage/usage-log.js';
import type { SandboxDeps } from './sandbox/sandbox.js';

/** Everything the core needs from outside, passed in so tests can pass their own. */
export interface BotDeps {
  readonly knowledge: KnowledgeBase;
  readonly log: Logger;
  readonly now: () => Date;
  /** Where asks and votes are recorded for the authors' report; without it nothing is kept. */
  readonly usage?: UsageLog;
  /** The `/docker run` sandbox; absent when no engine is configured. */
  readonly sandbox?: SandboxDeps;
  /** The daily quiz; absent when it has nowhere to keep its state. */
  readonly quiz?: Quiz;
  /** `platform:id` of users allowed admin commands besides platform admins (WHARFIE_ADMINS). */
  readonly admins?: ReadonlySet<string>;
}

export interface Bot {
  /** A slash command, mention or typed line in; the replies to send out. */
  handleCommand(event: CommandEvent): Promise<readonly Reply[]>;
  /** A button press in; the replies to send out. */
  handleAction(event: ActionEvent): Promise<readonly Reply[]>;
}

export const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';

export function createBot(deps: BotDeps): Bot {
  const guard = async (what: string, event: { platform: string; requestId?: string }, work: () => Promise<readonly Reply[]>): Promise<readonly Reply[]> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UserError) return [notice(error.message, 'error')];
      const coded = asWharfieError(error);
      deps.log.error({ err: coded, code: coded.code, what, platform: event.platform, requestId: event.requestId }, 'command failed');
      return [notice(APOLOGY, 'error')];
    }
  };

  return {
    handleCommand: (event) =>
      guard('command', event, async () => {
        if (event.command) return commandNamed(event.command).run({ event, args: cleanInput(event.text), deps });
        const { command, args } = routeLine(event.text);
        return command.run({ event, args, deps });
      }),
    handleAction: (event) =>
      guard('action', event, async () => {
        const action = decodeAction(event.action);
        if (!action) return [notice('That button has expired. Ask again and use the new one.')];
        return runAction(action, event, deps);
      }),
  };
}

async function runAction(action: Action, event: ActionEvent, deps: BotDeps): Promise<readonly Reply[]> {
  const { knowledge } = deps;
  switch (action.type) {
    case 'topic':
    case 'suggestion': {
      const section = knowledge.section(action.sectionId);
      if (!section) return [gone()];
      const answer = answerReply(topicAnswer(knowledge, section), knowledge);
      // A picked suggestion replaces the "not in the notes" it was offered under.
      return [action.type === 'suggestion' ? { ...answer, delivery: 'update' } : answer];
    }
    case 'share': {
      const section = knowledge.section(action.sectionId);
      if (!section) return [gone()];
      const answer = sectionAnswer(knowledge, action.question, section, 1);
      const shared = answerReply(answer, knowledge, { visibility: 'channel' });
      const by = event.user.name ? `Shared by ${event.user.name}` : 'Shared from a private answer';
      return [
        {
          ...shared,
          delivery: 'channel',
          blocks: [...shared.blocks, { kind: 'context', markdown: by }],
          // A shared answer keeps the votes but not another share button.
          buttons: shared.buttons.filter((b) => !b.label.startsWith('Share')),
        },
      ];
    }
    case 'vote': {
      deps.usage?.voted({ platform: event.platform, userId: event.user.id, sectionId: action.sectionId, question: action.question, vote: action.vote }, knowledge);
      return [
        notice(
          action.vote === 'up'
            ? 'Thanks, noted 👍'
            : 'Thanks, noted. What were you looking for? Tell the note authors with `/docker missing <what you wanted to know>`.',
        ),
      ];
    }
    case 'run-again':
      return run.run({ event: { ...event, text: action.command }, args: action.command, deps });
    case 'quiz-answer':
      if (!deps.quiz) return [notice('The quiz is not enabled on this bot.')];
      try {
        return await deps.quiz.answer(action.postId, event.platform, event.user, action.choice);
      } catch (error) {
        const unavailable = quizUnavailableNotice(error);
        if (!unavailable) throw error;
        deps.log.warn({ err: { message: (error as Error).message }, platform: event.platform }, 'quiz answer met an unavailable store');
        return [unavailable];
      }
  }
}

function gone(): Reply {
  return notice('That note has changed since this button was made. Ask again to get the current answer.');
}
