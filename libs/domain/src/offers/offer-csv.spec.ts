import { offerColumns, offerRow } from './offer-csv';

describe('offer files (CSV)', () => {
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
