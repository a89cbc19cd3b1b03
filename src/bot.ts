import { decodeAction, encodeAction, type Action } from './actions.js';
import type { BotDeps } from './bot-deps.js';
import { askKnowledge, sectionAnswer, topicAnswer } from './answer/ask-knowledge.js';
import { answerReply } from './answer/answer-reply.js';
import { commandNamed, routeLine } from './commands/index.js';
import { run } from './commands/run.js';
import { spell } from './commands/syntax.js';
import type { ActionEvent, CommandEvent, Platform } from './events.js';
import { asWharfieError } from './errors.js';
import { cleanInput } from './input.js';
import type { Logger } from './logger.js';
import { notice, type Reply } from './reply.js';
import { quizUnavailableNotice } from './quiz/quiz-service.js';

export type { BotDeps };

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
    case 'suggestion':
    case 'reference-pick': {
      const section = knowledge.section(action.sectionId);
      if (!section) return [gone()];
      const topic = topicAnswer(knowledge, section);
      // The notes were unsure and the asker went to the reference: a gap for the authors, as a reference answer is.
      // Only a reference section counts (a forged payload could name a note).
      if (action.type === 'reference-pick' && knowledge.roleOf(section) === 'reference') void deps.usage?.pickedReference(event, action.question, topic);
      const answer = answerReply(topic, knowledge);
      // A picked suggestion replaces the "not in the notes" it was offered under.
      return [action.type === 'suggestion' ? { ...answer, delivery: 'update' } : answer];
    }
    case 'share': {
      const section = knowledge.section(action.sectionId);
      if (!section) return [gone()];
      // The same question through the same path gives the answer that was shown privately
      // (its excerpt, confidence and alternatives); only if the notes changed since is it rebuilt.
      const asked = askKnowledge(knowledge, action.question);
      const answer = asked.best?.section.id === section.id ? asked : sectionAnswer(knowledge, action.question, section, 1);
      const shared = answerReply(answer, knowledge, { visibility: 'channel' });
      const mine = answerReply(answer, knowledge, { visibility: 'private', shareable: false });
      const by = event.user.name ? `Shared by ${event.user.name}` : 'Shared from a private answer';
      return [
        // The private answer now says it was shared, in place of a Share button that could post it again.
        { ...mine, delivery: 'update', blocks: [...mine.blocks, { kind: 'context', markdown: SHARED } as const] },
        {
          ...shared,
          delivery: 'channel',
          blocks: [...shared.blocks, { kind: 'context', markdown: by }],
        },
      ];
    }
    case 'vote': {
      // Awaited: "noted" is said only once the vote is kept.
      const outcome = (await deps.usage?.voted({ platform: event.platform, userId: event.user.id, sectionId: action.sectionId, question: action.question, vote: action.vote }, knowledge)) ?? 'new';
      const thumb = action.vote === 'up' ? '👍' : '👎';
      const said = outcome === 'changed' ? `Changed your vote on this answer to ${thumb}.` : outcome === 'same' ? `You already voted ${thumb} on this answer: one vote each.` : `Thanks, noted ${thumb}`;
      return [action.vote === 'up' || outcome === 'same' ? notice(said) : missingPrompt(event.platform, said)];
    }
    case 'missing':
      // Slack and Discord open a form for this button; elsewhere it is typed.
      return [notice(`Tell the note authors with \`${spell(event.platform, 'missing')}\`.`)];
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

/** Shown on a private answer once it has been shared to the channel. */
export const SHARED = '✓ Shared to the channel';

/** After a 👎: what were they looking for? A form button where the platform has forms, and the command. */
function missingPrompt(platform: Platform, said: string): Reply {
  const command = `\`${spell(platform, 'missing')}\``;
  const hasForm = platform === 'slack' || platform === 'discord';
  const ask = hasForm ? `What were you looking for? Tell the note authors with the button below, or ${command}.` : `What were you looking for? Tell the note authors with ${command}.`;
  const base = notice(`${said} ${ask}`);
  return hasForm ? { ...base, buttons: [{ label: 'Tell the note authors', action: encodeAction({ type: 'missing' }) }] } : base;
}

function gone(): Reply {
  return notice('That note has changed since this button was made. Ask again to get the current answer.');
}
