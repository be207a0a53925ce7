import { timeOrderedUuid } from './time-ordered-uuid';

/** The pattern Nest's ParseUUIDPipe and class-validator accept for a version 7 UUID. */
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered UUIDs', () => {
  it('are version 7 UUIDs that carry their millisecond and sort by it, and do not repeat', () => {
    const at = Date.UTC(2025, 5, 30, 1, 2, 3, 4);
    const id = timeOrderedUuid(at);
    expect(id).toMatch(V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(timeOrderedUuid(0)).toMatch(/^00000000-0000-7/);
    expect(timeOrderedUuid(2 ** 48 - 1)).toMatch(/^ffffffff-ffff-7/);
    const later = Array.from({ length: 1000 }, (_, i) => timeOrderedUuid(at + i));
    expect([...later].sort()).toEqual(later);
    const many = Array.from({ length: 200_000 }, () => timeOrderedUuid(at));
    expect(new Set(many).size).toBe(many.length);
    expect(many.every((u) => V7.test(u))).toBe(true);
  });
});
