/**
 * The neutral reply model: what the core says, before any platform decides
 * how it looks. Adapters turn it into Block Kit, Discord embeds and
 * components, or terminal text, and own their platform's limits and escaping.
 */

/** Who sees a reply: only the person who asked, or everyone in the channel. */
export type Visibility = 'private' | 'channel';

export type Block =
  /** Markdown written by the team (notes) or by the bot. Adapters escape it. */
  | { readonly kind: 'markdown'; readonly markdown: string }
  /** Verbatim text shown in a code block (sandbox output). Never interpreted. */
  | { readonly kind: 'code'; readonly text: string }
  /** Small print under the main text: source, strength, hints. Markdown. */
  | { readonly kind: 'context'; readonly markdown: string }
  /** Label/value pairs (leaderboards, settings). Plain text. */
  | { readonly kind: 'fields'; readonly fields: readonly { readonly label: string; readonly value: string }[] };

/** A button press comes back as the same opaque string; see `actions.ts`. */
export interface Button {
  /** Plain text; adapters cut it to their platform's limit. */
  readonly label: string;
  readonly action: string;
  readonly style?: 'primary' | 'danger';
}

/** Where a reply goes, relative to the event that caused it. */
export type Delivery =
  /** Answer the person who asked (privately or in the channel, per visibility). */
  | 'respond'
  /** Replace the message whose button was pressed. */
  | 'update'
  /** A new message in the channel, seen by all. */
  | 'channel';

export interface Reply {
  readonly kind: 'answer' | 'not-found' | 'help' | 'error' | 'notice' | 'quiz' | 'sandbox' | 'report';
  readonly visibility: Visibility;
  readonly delivery: Delivery;
  /** Plain text heading. */
  readonly title?: string;
  /** Heading trail of the note the reply comes from (`Day 2 › Volumes`). */
  readonly trail?: readonly string[];
  /** The question, restated where the platform hides the user's own input. */
  readonly question?: string;
  readonly blocks: readonly Block[];
  readonly buttons: readonly Button[];
  /** Where the text comes from, for a link or a footer. */
  readonly source?: { readonly label: string; readonly url?: string };
  /** One line of plain text: notifications, screen readers, logs. */
  readonly summary: string;
}

export function reply(fields: Partial<Reply> & Pick<Reply, 'kind' | 'summary'>): Reply {
  return { visibility: 'private', delivery: 'respond', blocks: [], buttons: [], ...fields };
}

/** A one-paragraph private reply: errors, refusals, confirmations. */
export function notice(markdown: string, kind: Reply['kind'] = 'notice'): Reply {
  return reply({ kind, summary: firstLine(markdown), blocks: [{ kind: 'markdown', markdown }] });
}

export function firstLine(markdown: string): string {
  return (markdown.split('\n').find((l) => l.trim() !== '') ?? '').replace(/[*_`]/g, '').slice(0, 150);
}
