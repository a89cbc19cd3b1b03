import { notice } from '../reply.js';
import { asRunLine } from '../sandbox/parse-run-command.js';
import { runSandbox } from '../sandbox/sandbox.js';
import { sandboxReply } from '../sandbox/sandbox-reply.js';
import type { Command } from './command.js';

export const SANDBOX_DISABLED = 'The sandbox is not enabled on this bot: it needs a Docker engine (see the README, "Sandbox").';

export const run: Command = {
  name: 'run',
  usage: '/docker run <image> [command...]',
  summary: 'Run a command in a throwaway, locked-down container, e.g. `/docker run busybox echo hi`',
  async run({ event, args, deps }) {
    if (!deps.sandbox) return [notice(SANDBOX_DISABLED)];
    if (args === '') return [notice('Usage: `/docker run busybox echo hi`. Images: ' + [...deps.sandbox.images.keys()].map((n) => `\`${n}\``).join(', '))];
    const outcome = await runSandbox(asRunLine(args), `${event.platform}:${event.user.id}`, deps.sandbox);
    return [sandboxReply(outcome, deps.knowledge)];
  },
};
