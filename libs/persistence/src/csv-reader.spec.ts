import fc from 'fast-check';
import { CsvReadError, csvRecords, readCsv } from './csv-reader';
import { neutraliseCell, writeCsv } from './csv';

async function readChunks(chunks: Buffer[]) {
  const records = [];
  for await (const record of readCsv(chunks)) records.push(record);
  return records;
}

describe('CSV reader (csv-parse)', () => {
  it('reads quoted fields, escaped quotes, line breaks in quotes, mixed line ends, a BOM and blank lines, keeping editor line numbers', () => {
    const text = '\uFEFFcreditCode,name\r\nA,"x, ""y"""\r\n\r\nB,"two\nlines"\n  \nC,plain';
    expect(csvRecords(text)).toEqual([
      { line: 1, fields: ['creditCode', 'name'] },
      { line: 2, fields: ['A', 'x, "y"'] },
      { line: 4, fields: ['B', 'two\nlines'] },
      { line: 7, fields: ['C', 'plain'] },
    ]);
  });

  it('names the line of a quote left open', () => {
    expect(() => csvRecords('a,b\nc,"d\n')).toThrow(CsvReadError);
    expect(() => csvRecords('a,b\nc,"d\n')).toThrow('line 2: a quoted field is not closed');
  });

  it('reads back what the one CSV writer wrote, from bytes cut anywhere (even inside a character) (property)', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', ' ', '是', '='), maxLength: 6 });
    const rows = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(rows, fc.array(fc.nat(), { maxLength: 6 }), async (table, cuts) => {
        const [header, ...body] = table;
        const bytes = Buffer.from(writeCsv(header, body));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, bytes.length].map((point, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], point));
        const read = await readChunks(chunks);
        expect(read.map((r) => r.fields)).toEqual(table.map((row) => row.map(neutraliseCell)));
        expect(read).toEqual(csvRecords(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('stops with the line of the fault when a chunked file leaves a quote open', async () => {
    await expect(readChunks([Buffer.from('a,b\n'), Buffer.from('c,"d')])).rejects.toThrow('line 2: a quoted field is not closed');
  });

  it('reads any text, cut anywhere, as csv-parse reads it whole: lines without quotes split here, the rest by csv-parse (property)', async () => {
    // Line ends of every kind and in every order, blank and space-only lines, BOMs, multi-byte characters, and
    // (in some texts) quotes, which hand the rest of the file to csv-parse.
    const unit = fc.constantFrom('a', '1', ',', ' ', '\t', '\n', '\r', '\r\n', '是', '😀', '\uFEFF');
    const quoted = fc.constantFrom('"', '""', '"x,\ny"', '"a""b"');
    const text = fc.tuple(
      fc.boolean(),
      fc.array(fc.oneof({ weight: 12, arbitrary: unit }, { weight: 1, arbitrary: quoted }), { maxLength: 60 }),
    ).map(([bom, parts]) => (bom ? '\uFEFF' : '') + parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), async (t, cuts) => {
        const bytes = Buffer.from(t);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, bytes.length].map((point, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], point));
        let expected: unknown;
        try {
          expected = csvRecords(bytes);
        } catch (error) {
          expected = error;
        }
        if (expected instanceof Error) {
          await expect(readChunks(chunks)).rejects.toThrow(expected.message);
        } else {
          expect(await readChunks(chunks)).toEqual(expected);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads a large file without quotes as csv-parse does, and stops reading its source when the reader stops', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? '' : `913501${i},true,${i * 7},是${i}`));
    const text = Buffer.from(`\uFEFFcreditCode,a,b,c\r\n${lines.join('\n')}\r`);
    const slices = Array.from({ length: Math.ceil(text.length / 4096) }, (_, i) => text.subarray(i * 4096, (i + 1) * 4096));
    expect(await readChunks(slices)).toEqual(csvRecords(text));

    let closed = false;
    async function* source() {
      try {
        for (const slice of slices) yield slice;
      } finally {
        closed = true;
      }
    }
    for await (const record of readCsv(source())) if (record.line > 3) break;
    expect(closed).toBe(true);
  });
});
