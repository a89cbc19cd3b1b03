/**
 * Who may run now. One run at a time per user, a global pool of runs, a short
 * bounded queue behind it, and a cooldown between one user's runs. Past that,
 * a clear "busy" instead of an ever-growing backlog on the engine.
 */
export interface GateOptions {
  readonly pool: number;
  readonly queue: number;
  readonly cooldownMs: number;
  readonly now: () => number;
}

export interface Pass {
  /** Call exactly once when the run is over, however it ended. */
  release(): void;
}

export type GateAnswer = { readonly pass: Pass } | { readonly busy: string };

export class RunGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly users = new Set<string>();
  private readonly lastEnded = new Map<string, number>();

  constructor(private readonly options: GateOptions) {}

  async enter(user: string): Promise<GateAnswer> {
    if (this.users.has(user)) return { busy: 'You already have a run going; wait for it to finish first.' };
    const since = this.options.now() - (this.lastEnded.get(user) ?? -Infinity);
    if (since < this.options.cooldownMs) {
      const wait = Math.ceil((this.options.cooldownMs - since) / 1_000);
      return { busy: `Give it a moment: you can run again in ${wait} s.` };
    }
    if (this.active >= this.options.pool) {
      if (this.waiting.length >= this.options.queue) return { busy: 'The sandbox is busy right now; try again in a moment.' };
      this.users.add(user);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.users.add(user);
      this.active += 1;
    }
    let released = false;
    return {
      pass: {
        release: () => {
          if (released) return;
          released = true;
          this.users.delete(user);
          this.lastEnded.set(user, this.options.now());
          const next = this.waiting.shift();
          // The slot passes straight to the next in line, so `active` stays the same.
          if (next) next();
          else this.active -= 1;
        },
      },
    };
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
