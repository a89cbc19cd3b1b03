/**
 * Slack's text format, both ways. Slack sends user text with `&`, `<`, `>`
 * as `&amp;`, `&lt;`, `&gt;`, and real mentions, channels and links as
 * `<…>` control sequences; it reads ours the same way. So text is decoded
 * exactly once on the way in (here, at the adapter's edge, before the core
 * sees it) and escaped exactly once on the way out (`escapeSlackText`, used
 * by every renderer of ours). Decoding twice would turn a typed `&lt;` into
 * `<`; escaping twice shows `&amp;lt;` to the reader.
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>' };

/**
 * What a person typed, from Slack's format: control sequences become the text
 * they stand for (`<@U1|ada>` → `@ada`, `<#C1|general>` → `#general`,
 * `<!here>` → `@here`, `<https://x.io|x.io>` → `x.io`), then the three
 * entities are decoded in one pass, so `&amp;lt;` becomes `&lt;`, not `<`.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/<([^<>]*)>/g, (_all, inner: string) => readControl(inner)).replace(/&(amp|lt|gt);/g, (_all, name: string) => ENTITIES[name]!);
}

function readControl(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : inner.slice(bar + 1);
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
  if (target.startsWith('#')) return label ? `#${label.replace(/^#/, '')}` : target;
  if (target.startsWith('!')) {
    // <!here>, <!subteam^S1|@team>, <!date^…|fallback>: the label is what the reader saw.
    if (label) return label;
    return `@${target.slice(1).split('^')[0]}`;
  }
  // A link: the label is what the person typed (Slack links `x.io` as <http://x.io|x.io>).
  return label || target;
}

/** The broadcast words that ping a whole channel or workspace when a platform reads them as mentions. */
const BROADCAST = /@(everyone|here|channel)\b/gi;
/** WORD JOINER: invisible, and breaks `@everyone` so that no client reads it as a mention. */
const JOINER = '\u2060';

/**
 * Text made inert for Slack: `&`, `<`, `>` escaped, so nothing can form a
 * `<!channel>`, `<@U…>` or a `<url|label>` link, and `@everyone`, `@here`,
 * `@channel` typed plainly broken up so no client or `link_names` parse
 * turns them into a broadcast.
 */
export function escapeSlackText(text: string): string {
  return defuseBroadcasts(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** For `plain_text` objects, which Slack never parses for mentions but which still show `@everyone`. */
export function defuseBroadcasts(text: string): string {
  return text.replace(BROADCAST, (_all, word: string) => `@${JOINER}${word}`);
}

/** Only ordinary web links, with nothing that could end the `<url|label>` form early. */
export function isSafeUrl(url: string): boolean {
  return /^(https?:\/\/|mailto:)[^\s<>|]+$/i.test(url);
}

/**
 * A Slack link `<url|label>` whose label cannot claim another address: a
 * label naming a different host than the link's own shows the real URL
 * instead. `label` is mrkdwn, already escaped. Unsafe URLs give the label alone.
 */
export function slackLink(url: string, label: string): string {
  if (!isSafeUrl(url)) return label;
  const target = escapeSlackText(url);
  if (!label) return `<${target}>`;
  const claimed = hostsIn(label);
  const real = hostOf(url);
  if (claimed.some((host) => host !== real)) return `<${target}>`;
  return `<${target}|${label.replace(/\|/g, '¦')}>`;
}

/**
 * Hosts a label claims: after a scheme (`https://x.io`), after `www.`, or a
 * bare domain in a common web TLD (`paypal.com`, `_paypal.com`: Slack shows
 * the underscore, a reader sees the host). File names such as
 * `compose.yaml` are not taken for hosts.
 */
function hostsIn(label: string): string[] {
  const hosts: string[] = [];
  const withScheme = /[a-z][a-z0-9+.-]*:\/\/([^\s/:?#|&<>]+)/gi;
  const bare = /(?<![a-z0-9-])((?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|co|me|info|biz|gov|edu|xyz|ai|us|uk|de|site|online|link|ly|to|sh|cloud|page))\b/gi;
  for (const match of label.matchAll(withScheme)) hosts.push(match[1]!);
  for (const match of label.replace(withScheme, ' ').matchAll(bare)) hosts.push(match[1]!);
  return hosts.map((host) => host.toLowerCase().replace(/^www\./, ''));
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}
