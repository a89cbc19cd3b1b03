import { describe, expect, it } from 'vitest';
import { checkKnowledge } from '../../src/knowledge/check-knowledge.js';
import { cliKnowledge } from '../support/cli-docs.js';

describe('the lint over a large, well-formed corpus', () => {
  it('finds no errors in the bundled Docker CLI reference (fences in quotes and lists close as written)', async () => {
    const findings = checkKnowledge((await cliKnowledge()).knowledge).filter((f) => f.level === 'error');
    expect(findings).toEqual([]);
  });
});
