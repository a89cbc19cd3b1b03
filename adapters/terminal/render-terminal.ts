import { stripVTControlCharacters } from 'node:util';
import type { Nodes, Root } from 'mdast';
import pc from 'picocolors';
import wrapAnsi from 'wrap-ansi';
import { markdownParser } from '../../src/knowledge/markdown-parser.js';
import type { Reply } from '../../src/reply.js';

// Notes and sandbox output must not drive the terminal: no escape sequences survive.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export interface TerminalStyle {
  readonly color: boolean;
  /** Columns to wrap prose to (a terminal's width); without it lines are left whole, for pipes and files. */
  readonly width?: number;
}

/** Narrower than this, a hanging indent leaves no room for words: wrap as if this wide. */
const MIN_WIDTH = 30;

type Paint = (text: string) => string;

function painter(style: TerminalStyle) {
  const p = pc.createColors(style.color);
  return {
    code: p.cyan as Paint,
    strong: p.bold as Paint,
    emphasis: p.italic as Paint,
    dim: p.dim as Paint,
    title: ((t: string) => p.bold(p.green(t))) as Paint,
    warn: p.yellow as Paint,
    link: p.underline as Paint,
  };
}

/** A reply as terminal text; buttons become numbered choices. */
export function renderReply(reply: Reply, style: TerminalStyle, firstButton = 1): string {
  const paint = painter(style);
  const lines: string[] = [];
  if (reply.trail && reply.trail.length > 0) lines.push(paint.title(clean(reply.trail.join(' › '))));
  else if (reply.title) lines.push(paint.title(clean(reply.title)));
  for (const block of reply.blocks) {
    switch (block.kind) {
      case 'markdown':
        lines.push(renderMarkdown(block.markdown, style));
        break;
      case 'context':
        lines.push(paint.dim(renderMarkdown(block.markdown, { ...style, color: false })));
        break;
      case 'code':
        lines.push(block.text.split('\n').map((l) => `  ${paint.code(clean(l))}`).join('\n'));
        break;
      case 'fields':
        lines.push(block.fields.map((f) => `  ${paint.strong(clean(f.label))}: ${clean(f.value)}`).join('\n'));
        break;
    }
  }
  if (reply.source?.url) lines.push(paint.dim(paint.link(clean(reply.source.url))));
  if (reply.buttons.length > 0) {
    lines.push(...buttonRows(reply.buttons.map((b, i) => `${paint.strong(`[${firstButton + i}]`)} ${clean(b.label)}`), style.width));
  }
  return lines.join('\n');
}

/** Buttons side by side, a new row where the next would pass the width: a button is never split. */
function buttonRows(buttons: readonly string[], width: number | undefined): string[] {
  if (width === undefined) return [buttons.join('  ')];
  const rows: string[] = [];
  for (const button of buttons) {
    const last = rows.at(-1);
    if (last !== undefined && stripVTControlCharacters(`${last}  ${button}`).length <= width) rows[rows.length - 1] = `${last}  ${button}`;
    else rows.push(button);
  }
  return rows;
}

/** Plain text (a greeting, a hint) cut at word boundaries to the width, when there is one. */
export function wrapText(text: string, width: number | undefined): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, '', width))
    .join('\n');
}

export function renderMarkdown(markdown: string, style: TerminalStyle): string {
  const paint = painter(style);
  const tree = markdownParser.parse(markdown) as Root;
  const inline = (node: Nodes): string => {
    switch (node.type) {
      case 'text':
        return clean(node.value);
      case 'inlineCode':
        return paint.code(clean(node.value));
      case 'strong':
        return paint.strong(node.children.map(inline).join(''));
      case 'emphasis':
        return paint.emphasis(node.children.map(inline).join(''));
      case 'link':
        return `${node.children.map(inline).join('')} (${paint.link(clean(node.url))})`;
      case 'break':
        return '\n';
      case 'html':
        return '';
      default:
        return 'children' in node ? (node.children as Nodes[]).map(inline).join('') : 'value' in node ? clean(String(node.value)) : '';
    }
  };
  const block = (node: Nodes, indent: string): string[] => {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        return inline(node)
          .split('\n')
          .flatMap((line) => wrapLine(line, indent, style.width));
      case 'list':
        return node.children.flatMap((item, i) => {
          const marker = node.ordered ? `${(node.start ?? 1) + i}.` : '•';
          // A hanging indent: the item's later lines start under its first word, not under the bullet.
          const hanging = `${indent}${' '.repeat(marker.length + 1)}`;
          const [first = '', ...rest] = item.children.flatMap((child) => block(child, hanging));
          return [`${indent}${marker} ${first.slice(hanging.length)}`, ...rest];
        });
      case 'code':
        return node.value.split('\n').map((l) => `${indent}  ${paint.code(clean(l))}`);
      case 'table':
        return node.children.map((row) => indent + row.children.map(inline).join(' │ '));
      case 'blockquote':
        return node.children.flatMap((child) => block(child, `${indent}│ `));
      case 'thematicBreak':
        return [`${indent}──`];
      default:
        return [];
    }
  };
  return tree.children.flatMap((node) => block(node, '')).join('\n');
}

/** One line of prose cut at word boundaries to fit `width`, every piece behind `indent`; a word longer than the line stays whole. */
function wrapLine(line: string, indent: string, width: number | undefined): string[] {
  if (width === undefined) return [indent + line];
  const room = Math.max(width, MIN_WIDTH) - indent.length;
  return wrapAnsi(line, Math.max(room, MIN_WIDTH / 2), { hard: false, trim: true })
    .split('\n')
    .map((piece) => indent + piece);
}

function clean(text: string): string {
  return text.replace(CONTROL, '');
}
