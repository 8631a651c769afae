import { describe, expect, it } from 'vitest';
import { isInteractive, progressLine } from '../../src/cli/output/progress.js';

describe('progress', () => {
  it('animates only on a terminal, outside CI, with a capable TERM', () => {
    expect(isInteractive({ write: () => true, isTTY: true }, { TERM: 'xterm-256color' })).toBe(true);
    expect(isInteractive({ write: () => true, isTTY: false }, { TERM: 'xterm' })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: true }, { TERM: 'xterm', CI: 'true' })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: true }, { TERM: 'xterm', CI: '' })).toBe(false);
  });

  it('shows done/total, requests/s, findings and ETA, within the width', () => {
    const line = progressLine({ done: 250, total: 1000, requests: 1250, findings: 3 }, 5_000, 100);
    expect(line).toMatch(/^\[#{8}-{22}\] 250\/1000 targets · 250 req\/s · 3 findings · ETA 0:15$/);
    expect(line.length).toBeLessThan(100);
    expect(progressLine({ done: 7, requests: 10, findings: 1 }, 1_000, 80)).toBe('7 targets · 10 req/s · 1 finding');
    expect(progressLine({ done: 1, total: 10, requests: 5, findings: 0 }, 1_000, 30).length).toBeLessThan(30);
  });
});
