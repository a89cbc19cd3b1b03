import type { KnowledgeBase } from './knowledge-base.js';
import type { Logger } from './logger.js';
import type { Quiz } from './quiz/quiz-service.js';
import type { SandboxDeps } from './sandbox/sandbox.js';
import type { UsageLog } from './usage/usage-log.js';

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
