/** What adapters hand the core: plain events, no platform types. */

export type Platform = 'slack' | 'discord' | 'terminal' | 'cli';

export interface Actor {
  /** Platform user id; never shown to others, hashed before it is stored for reports. */
  readonly id: string;
  readonly name?: string;
  /**
   * May change channel settings (quiz schedule, report). A function when the
   * platform must be asked (Slack's users.info), so only admin commands pay for it.
   */
  readonly isAdmin: boolean | (() => Promise<boolean>);
}

export interface Place {
  readonly id: string;
  readonly kind: 'channel' | 'dm' | 'terminal';
}

interface EventBase {
  readonly platform: Platform;
  /** The platform's id for this delivery (trigger, event or interaction id), for logs. */
  readonly requestId?: string;
  readonly user: Actor;
  readonly channel: Place;
}

/** `/docker <text>`, a mention, or a line typed in the terminal. */
export interface CommandEvent extends EventBase {
  readonly text: string;
  /** Asked where everyone saw the question (a mention): answer in public, not privately. */
  readonly askedInPublic?: boolean;
  /**
   * The command, when the platform already says which (Discord subcommands):
   * then `text` is only its arguments. Otherwise the text's first word decides.
   */
  readonly command?: string;
}

/** A button press, carrying the opaque action string the core put on the button. */
export interface ActionEvent extends EventBase {
  readonly action: string;
}

/** Whether the actor may run admin commands: listed in WHARFIE_ADMINS, or an admin on the platform. */
export async function actorIsAdmin(platform: Platform, actor: Actor, admins: ReadonlySet<string> = new Set()): Promise<boolean> {
  if (admins.has(`${platform}:${actor.id}`)) return true;
  if (typeof actor.isAdmin === 'boolean') return actor.isAdmin;
  try {
    return await actor.isAdmin();
  } catch {
    return false;
  }
}
