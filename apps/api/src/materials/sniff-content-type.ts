/**
 * The type of an upload, read from its first bytes; the client's Content-Type and file name are never trusted.
 * Only what a bureau accepts as 申报材料: PDF, JPEG, PNG and OFD (China's fixed-layout standard, a ZIP package
 * whose root document is OFD.xml). Anything else is null.
 */
export function sniffContentType(bytes: Buffer): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x50, 0x4b, 0x03, 0x04) && bytes.subarray(0, 4096).includes('OFD.xml')) return 'application/ofd';
  return null;
}
