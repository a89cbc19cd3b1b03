import type { Nodes, Root } from 'mdast';
import pc from 'picocolors';
import { markdownParser } from '../../src/knowledge/markdown-parser.js';
import type { Reply } from '../../src/reply.js';

// Notes and sandbox output must not drive the terminal: no escape sequences survive.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export interface TerminalStyle {
  readonly color: boolean;
}

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
        lines.push(paint.dim(renderMarkdown(block.markdown, { color: false })));
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
    lines.push(reply.buttons.map((b, i) => `${paint.strong(`[${firstButton + i}]`)} ${clean(b.label)}`).join('  '));
  }
  return lines.join('\n');
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
        return [indent + inline(node).replace(/\n/g, `\n${indent}`)];
      case 'list':
        return node.children.flatMap((item, i) => {
          const marker = node.ordered ? `${(node.start ?? 1) + i}.` : '•';
          const [first = '', ...rest] = item.children.flatMap((child) => block(child, `${indent}  `));
          return [`${indent}${marker} ${first.trimStart()}`, ...rest];
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

function clean(text: string): string {
  return text.replace(CONTROL, '');
}
