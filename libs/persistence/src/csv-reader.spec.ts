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
});
