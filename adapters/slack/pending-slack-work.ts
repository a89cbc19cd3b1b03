import { decodeAction } from '../../src/actions.js';
import type { PendingWork } from '../../src/delivery-log.js';
import { ACTION_PREFIX } from './block-kit.js';

/**
 * What answering a slash command or a button press needs, kept with its
 * delivery key before the ack: Slack never resends what was acknowledged, so
 * if this replica dies before answering, another answers it from this record
 * through the same response_url (valid 30 minutes). Commands that open a
 * form (`/docker missing`) are left out: their trigger lasts 3 s.
 */
export type SlackWork = SlackCommandWork | SlackPressWork;

interface Who {
  readonly userId: string;
  readonly userName?: string;
  readonly channelId: string;
  readonly channelName?: string;
  readonly responseUrl: string;
  readonly requestId?: string;
}
export interface SlackCommandWork extends Who {
  readonly type: 'command';
  readonly text: string;
}
export interface SlackPressWork extends Who {
  readonly type: 'press';
  readonly action: string;
}

/** The kind under which Slack's work is kept (PendingWork.kind). */
export const SLACK_WORK = 'slack';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A slash command's body (Bolt's `command`) as work; null for the form-opening `/docker missing`. */
export function commandWork(body: Record<string, unknown>): SlackCommandWork | null {
  const text = typeof body.text === 'string' ? body.text : '';
  const responseUrl = str(body.response_url);
  if (!responseUrl || /^\s*missing\s*$/i.test(text)) return null;
  return {
    type: 'command',
    text,
    userId: String(body.user_id ?? ''),
    ...(str(body.user_name) ? { userName: str(body.user_name) } : {}),
    channelId: String(body.channel_id ?? ''),
    ...(str(body.channel_name) ? { channelName: str(body.channel_name) } : {}),
    responseUrl,
    ...(str(body.trigger_id) ? { requestId: str(body.trigger_id) } : {}),
  };
}

/** A press of one of our buttons (a block_actions body) as work; null for other buttons. */
export function pressWork(body: Record<string, unknown>): SlackPressWork | null {
  const action = (body.actions as { action_id?: unknown; value?: unknown }[] | undefined)?.[0];
  const value = typeof action?.value === 'string' ? action.value : '';
  const responseUrl = str(body.response_url);
  if (!responseUrl || typeof action?.action_id !== 'string' || !action.action_id.startsWith(`${ACTION_PREFIX}:`)) return null;
  const user = (body.user ?? {}) as { id?: unknown; username?: unknown; name?: unknown };
  const channel = (body.channel ?? {}) as { id?: unknown; name?: unknown };
  const userName = str(user.username) ?? str(user.name);
  return {
    type: 'press',
    action: value,
    userId: String(user.id ?? ''),
    ...(userName ? { userName } : {}),
    channelId: String(channel.id ?? ''),
    ...(str(channel.name) ? { channelName: str(channel.name) } : {}),
    responseUrl,
    ...(str(body.trigger_id) ? { requestId: str(body.trigger_id) } : {}),
  };
}

/** Whatever Bolt hands the middleware, as pending work to keep with its delivery key (or nothing to keep). */
export function pendingSlackWork(body: Record<string, unknown>): PendingWork | undefined {
  const work = typeof body.command === 'string' ? commandWork(body) : body.type === 'block_actions' ? pressWork(body) : null;
  // "What was missing?" opens a form from its 3 s trigger: nothing another replica could do later.
  if (!work || (work.type === 'press' && decodeAction(work.action)?.type === 'missing')) return undefined;
  return { kind: SLACK_WORK, data: JSON.stringify(work) };
}
