import { eventMatches } from './event-pattern';

describe('eventMatches', () => {
  it.each([
    ['*', 'case.approved', true],
    ['case.*', 'case.approved', true],
    ['case.*', 'cases.approved', false],
    ['case.approved', 'case.approved', true],
    ['case.approved', 'case.approved_later', false],
    ['case.refused', 'case.approved', false],
  ])('%s covers %s: %s', (pattern, event, expected) => {
    expect(eventMatches(pattern, event)).toBe(expected);
  });
});
