import { breakCodeFences, cutToLength, stripControls } from '../input.js';
import type { RunResult, SandboxLimits } from './run-job.js';

/**
 * Output as it is posted: decoded with replacement characters, stripped of
 * terminal escapes and control characters, bidi overrides and code fences
 * neutralised, then cut to what a chat message can show.
 */
export const CHAT_LINES = 20;
export const CHAT_CHARS = 1_500;

export function cleanOutput(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return breakCodeFences(stripControls(text.replace(/\r\n?/g, '\n')));
}

export interface PostedOutput {
  readonly text: string;
  /** Something was left out, by the byte cap or the chat cap. */
  readonly truncated: boolean;
}

export function postedOutput(result: RunResult): PostedOutput {
  const clean = cleanOutput(result.output).replace(/\n+$/, '');
  const lines = clean.split('\n');
  let kept = lines.slice(0, CHAT_LINES).join('\n');
  let cut = lines.length > CHAT_LINES;
  if (kept.length > CHAT_CHARS) {
    kept = cutToLength(kept, CHAT_CHARS);
    cut = true;
  }
  const truncated = cut || result.truncated;
  if (!truncated) return { text: clean, truncated: false };
  const hidden = lines.length - kept.split('\n').length;
  const note = result.truncated
    ? `… output cut: the run stopped at ${formatBytes(result.output.length)}`
    : `… ${hidden > 0 ? `${hidden} more line${hidden === 1 ? '' : 's'}` : 'the rest of the line'} not shown`;
  return { text: `${kept}\n${note}`, truncated: true };
}

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM' };

/** The signal that ended the process, from a shell-style exit code (128 + n). */
export function signalName(exitCode: number | null): string | null {
  if (exitCode === null || exitCode <= 128 || exitCode > 128 + 64) return null;
  return SIGNALS[exitCode - 128] ?? `signal ${exitCode - 128}`;
}

export function statusLine(result: RunResult, limits: SandboxLimits): string {
  const parts: string[] = [];
  if (result.timedOut) parts.push(`timed out after ${seconds(limits.timeoutMs)}, killed`);
  else if (result.oomKilled) parts.push(`out of memory (limit ${formatBytes(limits.memoryBytes)}), killed`);
  else if (result.exitCode === null) parts.push('no exit code');
  else {
    const signal = signalName(result.exitCode);
    parts.push(signal ? `killed by ${signal} (exit ${result.exitCode})` : `exit ${result.exitCode}`);
  }
  if (result.truncated) parts.push(`output over ${formatBytes(limits.outputBytes)}, stopped`);
  parts.push(seconds(result.durationMs));
  return parts.join(' · ');
}

function seconds(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

