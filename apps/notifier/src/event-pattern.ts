/**
 * Whether an endpoint's event pattern covers an event: `*` covers everything, `case.*` every event of the
 * family, anything else only the event of that exact name.
 */
export function eventMatches(pattern: string, event: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return event.startsWith(pattern.slice(0, -1));
  return pattern === event;
}
