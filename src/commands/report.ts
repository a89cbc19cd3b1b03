import { actorIsAdmin } from '../events.js';
import { notice } from '../reply.js';
import { parsePeriod, reportReply } from '../usage/report.js';
import type { Command } from './command.js';
import { spell } from './syntax.js';

export const DEFAULT_REPORT_PERIOD = '30d';

export const report: Command = {
  name: 'report',
  usage: '/docker report [30d]',
  summary: 'What the notes could answer better (admins)',
  async run({ event, args, deps }) {
    if (!deps.usage) return [notice('Question recording is off on this bot, so there is nothing to report.')];
    if (!(await actorIsAdmin(event.platform, event.user, deps.admins))) return [notice('Only admins can see the report.')];
    const period = parsePeriod(args || DEFAULT_REPORT_PERIOD);
    if (period === null) return [notice('Give the period as hours, days or weeks, e.g. `/docker report 30d` or `/docker report 2w`.')];
    return [reportReply(await deps.usage.report(period, deps.knowledge))];
  },
};

export const missing: Command = {
  name: 'missing',
  usage: '/docker missing <what you were looking for>',
  summary: 'Tell the note authors what the notes lack',
  async run({ event, args, deps }) {
    if (args === '') return [notice(`What were you looking for? e.g. \`${spell(event.platform, 'missing').replace(/<.*>/, "how to limit a container's log size")}\``)];
    await deps.usage?.missing(event, args);
    return [notice('Thanks: the note authors will see it in their report.')];
  },
};
