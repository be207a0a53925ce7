/** Job ids may not contain ':' (BullMQ's key separator); our ids are made only of these parts. */
export function jobIdOf(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/:/g, '_')).join('-');
}
