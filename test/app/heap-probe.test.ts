import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HEAP_PROBE_MESSAGE, installHeapProbe } from '../../adapters/app/heap-probe.js';
import { recordingLogger } from '../support/wire/slack-harness.js';

describe('the bench heap probe (WHARFIE_BENCH_PROBE)', () => {
  it('logs the heap in use on SIGUSR2, and stops listening when removed', () => {
    const signals = new EventEmitter();
    const log = recordingLogger();
    const remove = installHeapProbe(signals, log);
    signals.emit('SIGUSR2');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: 'info', message: HEAP_PROBE_MESSAGE, fields: { probe: 'heap', heapUsedMb: expect.any(Number), rssMb: expect.any(Number) } });
    remove();
    signals.emit('SIGUSR2');
    expect(log.lines).toHaveLength(1);
  });
});
