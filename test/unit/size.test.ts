// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { verdicts } from '../../scripts/size.mjs';

describe('npm run size: the ceiling check and the goal, apart', () => {
  const limit = { budget: 8_500, ceiling: 11_100 };

  it('a file under its ceiling but over its goal passes, with the bytes still to go', () => {
    expect(verdicts(10_900, limit)).toEqual({ check: 'within ceiling', goal: 'goal 8,500: 2,400 B to go' });
  });

  it('a file over its ceiling fails, and says by how much', () => {
    expect(verdicts(11_150, limit)).toEqual({ check: 'FAIL: over ceiling 11,100 by 50 B', goal: 'goal 8,500: 2,650 B to go' });
  });

  it('a file at or under its goal says so', () => {
    expect(verdicts(8_500, limit)).toEqual({ check: 'within ceiling', goal: 'goal met' });
  });

  it('no row of a passing run says "over"', () => {
    expect(Object.values(verdicts(11_100, limit)).join(' ')).not.toMatch(/over|fail/i);
  });
});
