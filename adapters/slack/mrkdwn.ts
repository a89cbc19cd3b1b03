import type { Nodes, Root } from 'mdast';
import { breakCodeFences } from '../../src/input.js';
import { markdownParser } from '../../src/knowledge/markdown-parser.js';
import { escapeSlackText, slackLink } from './slack-text.js';

/**
 * Markdown (notes, bot text) to Slack mrkdwn: parsed with remark, rendered
 * node by node. Every piece of text is escaped once (`&`, `<`, `>`, and plain
 * `@everyone`/`@here`/`@channel` broken up), raw HTML in the notes included,
 * so nothing posted can form `<!channel>`, `<!here>`, `<!everyone>`, a
 * `<!subteam^…>` group, a `<@U…>` user mention or a link of its own.
 */
export const escapeMrkdwn = escapeSlackText;

/**
 * One line that no markdown construct can start, end or contain: the parser
 * would give back the same text, so escaping it is the whole conversion.
 * ("From notes/day-2.md · strong match (87%)": most context lines.)
 */
const PLAIN_LINE = /^[\p{L}\p{N}(][^\\`*_[\]<>!&|~#\p{Cc}]*$/u;
/** An ordered-list marker would make the line a list. */
const ORDERED_MARKER = /^\d+[.)](\s|$)/;
/** Trailing spaces are dropped (or make a hard break) in markdown. */
const TRAILING_SPACE = /\s$/;

/**
 * Converted texts remembered, most recently used last. Parsing is most of
 * what rendering an answer costs (about 2.5 ms of CPU a command, measured with
 * `npm run bench -- slack --cpu-prof`), and answers repeat the same excerpts;
 * 500 entries of a few kB keep the memory small and flat.
 */
const REMEMBERED = 500;
const converted = new Map<string, string>();

export function markdownToMrkdwn(markdown: string): string {
  if (PLAIN_LINE.test(markdown) && !ORDERED_MARKER.test(markdown) && !TRAILING_SPACE.test(markdown)) return escapeMrkdwn(markdown);
  const known = converted.get(markdown);
  if (known !== undefined) {
    converted.delete(markdown);
    converted.set(markdown, known);
    return known;
  }
  const mrkdwn = parseToMrkdwn(markdown);
  converted.set(markdown, mrkdwn);
  if (converted.size > REMEMBERED) converted.delete(converted.keys().next().value!);
  return mrkdwn;
}

/** The conversion itself, every time (what the shortcuts above must agree with). */
export function parseToMrkdwn(markdown: string): string {
  const tree = markdownParser.parse(markdown) as Root;
  return tree.children.map((node) => block(node, '')).join('\n\n');
}

function block(node: Nodes, indent: string): string {
  switch (node.type) {
    case 'paragraph':
      return indent + inline(node).replace(/\n/g, `\n${indent}`);
    case 'heading':
      return `${indent}*${inline(node)}*`;
    case 'list':
      return node.children
        .map((item, i) => {
          const marker = node.ordered ? `${(node.start ?? 1) + i}.` : '•';
          const [first, ...rest] = item.children;
          const head = first ? block(first, '') : '';
          return [`${indent}${marker} ${head}`, ...rest.map((child) => block(child, `${indent}    `))].join('\n');
        })
        .join('\n');
    case 'code':
      return codeBlock(node.value);
    case 'blockquote':
      return node.children.map((child) => block(child, '')).join('\n').split('\n').map((line) => `${indent}> ${line}`).join('\n');
    case 'table':
      return node.children.map((row) => indent + row.children.map(inline).join(' | ')).join('\n');
    case 'thematicBreak':
      return `${indent}———`;
    case 'html':
      return indent + escapeMrkdwn(node.value);
    default:
      return indent + inline(node);
  }
}

function inline(node: Nodes): string {
  switch (node.type) {
    case 'text':
      return escapeMrkdwn(node.value);
    case 'inlineCode':
      // mrkdwn has no way to escape a backtick inside inline code.
      return `\`${escapeMrkdwn(node.value.replace(/`/g, 'ˋ'))}\``;
    case 'strong':
      return `*${children(node)}*`;
    case 'emphasis':
      return `_${children(node)}_`;
    case 'delete':
      return `~${children(node)}~`;
    case 'link':
      return slackLink(node.url, children(node));
    case 'image':
      return slackLink(node.url, escapeMrkdwn(node.alt || 'image'));
    case 'break':
      return '\n';
    case 'html':
      return escapeMrkdwn(node.value);
    default:
      return 'children' in node ? children(node) : 'value' in node ? escapeMrkdwn(String(node.value)) : '';
  }
}

function children(node: Nodes): string {
  return 'children' in node ? (node.children as Nodes[]).map(inline).join('') : '';
}

/** Verbatim text in a code block: escaped, and with no run of backticks that would close it. */
export function codeBlock(text: string): string {
  return `\`\`\`\n${escapeMrkdwn(breakCodeFences(text))}\n\`\`\``;
}
