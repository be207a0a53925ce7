import fc from 'fast-check';
import { CsvError, csvRecords, CsvSplitter, offerColumns, offerRow } from './offer-csv';

describe('offer files (CSV)', () => {
  it('reads quoted fields, escaped quotes, line breaks in quotes, CRLF, a BOM and blank lines, keeping editor line numbers', () => {
    const text = '\uFEFFcreditCode,name\r\nA,"x, ""y"""\r\n\r\nB,"two\nlines"\nC,plain';
    expect(csvRecords(text)).toEqual([
      { line: 1, fields: ['creditCode', 'name'] },
      { line: 2, fields: ['A', 'x, "y"'] },
      { line: 4, fields: ['B', 'two\nlines'] },
      { line: 6, fields: ['C', 'plain'] },
    ]);
  });

  it('names the line of a quote left open', () => {
    expect(() => csvRecords('a,b\nc,"d\n')).toThrow(CsvError);
    expect(() => csvRecords('a,b\nc,"d\n')).toThrow('line 2: a quoted field is not closed');
  });

  it('reads a file cut into chunks anywhere exactly as the whole (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', ' ', '是'), maxLength: 6 });
    const quoted = cell.map((c) => `"${c.replace(/"/g, '""')}"`);
    const plain = fc.string({ unit: fc.constantFrom('a', '1', ' ', '是'), minLength: 1, maxLength: 6 });
    const line = fc.array(fc.oneof(quoted, plain), { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    const file = fc.tuple(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
      .map(([lines, eol]) => lines.join(eol));
    fc.assert(
      fc.property(file, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const splitter = new CsvSplitter();
        const records = [];
        let from = 0;
        for (const point of [...points, text.length]) {
          records.push(...splitter.push(text.slice(from, point)));
          from = point;
        }
        records.push(...splitter.finish());
        expect(records).toEqual(csvRecords(text));
      }),
      { numRuns: 500 },
    );
  });

  it('takes a header of the credit code, the name and the program facts, and names every bad column', () => {
    expect(offerColumns('rd-subsidy', ['creditCode', 'name', 'rdExpenseFen']).errors).toEqual([]);
    expect(offerColumns('rd-subsidy', ['rdExpenseFen', 'amountFen', 'rdExpenseFen']).errors.map((e) => e.field)).toEqual([
      'amountFen', 'rdExpenseFen', 'creditCode',
    ]);
  });

  it('types the cells by fact, leaves empty cells out, and passes unreadable cells on for validation to name', () => {
    const { columns } = offerColumns('rd-subsidy', ['creditCode', 'isTechEnterprise', 'rdExpenseFen', 'scale', 'taxPaidFen']);
    const { row, errors } = offerRow(columns!, { line: 3, fields: ['91350100M000100Y43', '是', '12.5', 'above', ''] });
    expect(errors).toEqual([]);
    expect(row).toEqual({ line: 3, creditCode: '91350100M000100Y43', name: null, facts: { isTechEnterprise: true, rdExpenseFen: 12.5, scale: 'above' } });
    expect(offerRow(columns!, { line: 4, fields: ['91350100M000100Y44', 'x', '1', 'above', ''] }).errors).toEqual([
      { field: 'creditCode', message: "check character should be '3', got '4'" },
    ]);
    expect(offerRow(columns!, { line: 5, fields: ['a'] }).errors).toEqual([{ field: 'line', message: 'has 1 fields, the header has 5' }]);
  });
});
