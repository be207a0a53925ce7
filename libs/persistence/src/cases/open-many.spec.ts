import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { caseNumber } from '@app/domain';
import { AUDIT_GENESIS, auditHash, canonicalJson, firstAuditHash, firstAuditHasher } from '../audit';
import { CopyText, copyText } from '../copy-rows';
import { CasesToOpen, traceCopyText } from './open-many';

/** COPY's text format read back: rows of fields, `\N` as null, the four escapes undone. */
function readCopy(text: CopyText): (string | null)[][] {
  const body = Buffer.concat(text.buffers()).toString('utf8');
  expect(body.endsWith('\n') || body === '').toBe(true);
  return body.split('\n').slice(0, -1).map((line) =>
    line.split('\t').map((field) =>
      field === '\\N' ? null : field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c),
    ),
  );
}

describe('COPY text and cases opened at once', () => {
  it('writes any values so that COPY reads them back, across buffers and multi-byte characters (property)', () => {
    const value = fc.option(fc.string({ unit: fc.constantFrom('a', '\\', '\t', '\n', '\r', 'N', '是', '😀', ' '), maxLength: 12 }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { maxLength: 20 }), (rows) => {
        const text = new CopyText();
        for (const row of rows) text.add(row.map(copyText).join('\t'));
        expect(text.rows).toBe(rows.length);
        expect(readCopy(text)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
    // More than one buffer's worth, with rows longer than a buffer among them.
    const text = new CopyText();
    const rows = Array.from({ length: 3_000 }, (_, i) => [`${i}`, '元'.repeat(i % 500 === 0 ? 100_000 : 50)]);
    for (const row of rows) text.add(row.map(copyText).join('\t'));
    expect(text.buffers().length).toBeGreaterThan(2);
    expect(readCopy(text)).toEqual(rows);
  });

  it('hashes a new stream\'s first row as the audit chain does, from the shared fields built once (property)', () => {
    const data = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 5 });
    fc.assert(
      fc.property(
        fc.option(fc.uuid(), { nil: null }), fc.string(), fc.string(), fc.date({ noInvalidDate: true }), fc.string(), data,
        (accountId, role, action, at, stream, d) => {
          const expected = auditHash({
            stream, seq: 1, actorAccountId: accountId, actorRole: role, action, data: d, at: at.toISOString(), prevHash: AUDIT_GENESIS,
          });
          expect(firstAuditHasher({ actor: { accountId, role }, action, at })(stream, canonicalJson(d))).toBe(expected);
          expect(firstAuditHash({ stream, actor: { accountId, role }, action, data: d, at })).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes each case, its transition and its audit row as `open` would, the audit row hashed for verifyAudit', () => {
    const now = new Date('2025-06-30T02:03:04.005Z');
    const actor = { accountId: randomUUID(), role: 'administrator' };
    const common = { programCode: 'rd-subsidy', programVersionId: randomUUID(), year: 2025, status: 'awaiting_confirmation' as const, actor };
    const cases = new CasesToOpen(now, common);
    const trace = [{ rule: 'rd-increase', passed: true, detail: 'increase 312.3456万 − 200.1万 = "112.2456万" \\ ok' }];
    const enterpriseId = randomUUID();
    const opened = cases.add({ enterpriseId, facts: { rdExpenseFen: 1, note: 'tab\there' }, patch: { eligible: true, amount_fen: 42, split: { province: 42 }, trace } });
    cases.add({ enterpriseId: randomUUID(), facts: {} });
    expect(cases.opened).toHaveLength(2);

    const [application, bare] = readCopy(cases.applications);
    expect(application).toEqual([
      opened.applicationId, enterpriseId, 'rd-subsidy', common.programVersionId, '2025', 'awaiting_confirmation', '1',
      JSON.stringify({ rdExpenseFen: 1, note: 'tab\there' }), now.toISOString(), 't', '42', '{"province":42}', JSON.stringify(trace),
    ]);
    expect(bare.slice(9)).toEqual([null, null, null, null]);
    expect(readCopy(cases.transitions)[0]).toEqual([
      opened.transitionId, opened.applicationId, '1', 'new', 'awaiting_confirmation', 'open', actor.accountId, 'administrator', now.toISOString(),
    ]);
    const [stream, seq, accountId, role, action, data, at, prev, hash] = readCopy(cases.audits)[0] as string[];
    expect({ stream, seq, accountId, role, action, at, prev }).toEqual({
      stream: `application:${opened.applicationId}`, seq: '1', accountId: actor.accountId, role: 'administrator', action: 'case.open',
      at: now.toISOString(), prev: AUDIT_GENESIS,
    });
    const expectedData = { to: 'awaiting_confirmation', program: 'rd-subsidy', year: 2025, transitionId: opened.transitionId };
    expect(JSON.parse(data)).toEqual(expectedData);
    expect(hash).toBe(firstAuditHash({ stream, actor, action: 'case.open', data: expectedData, at: now }));
  });

  it('gives every case of a batch an id of its own down to its first eight hex digits (time-ordered ids share them)', () => {
    const common = { programCode: 'rd-subsidy', programVersionId: randomUUID(), year: 2025, status: 'awaiting_confirmation' as const,
      actor: { accountId: randomUUID(), role: 'administrator' } };
    const cases = new CasesToOpen(new Date('2025-06-30T02:03:04.005Z'), common);
    for (let i = 0; i < 2_000; i++) cases.add({ enterpriseId: randomUUID(), facts: {} });
    expect(new Set(cases.opened.map((c) => caseNumber(2025, c.applicationId, null))).size).toBe(2_000);
  });

  it('writes a trace by hand exactly as COPY text of JSON.stringify, whatever its strings hold (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '万', '≥', '→', '"', '\\', '\t', '\n', '\r', '\u0001', '\u2028', '😀', '\ud800', '\udc00'), maxLength: 12 });
    const entry = fc.oneof(
      { weight: 8, arbitrary: fc.record({ rule: text, passed: fc.boolean(), detail: text }) },
      // What the hand-written path must leave to JSON.stringify: another shape.
      { weight: 1, arbitrary: fc.record({ rule: text, passed: fc.boolean(), detail: text, note: fc.option(text, { nil: undefined }) }) },
      { weight: 1, arbitrary: fc.record({ passed: fc.boolean(), rule: text, detail: text }) },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (trace) => {
        expect(traceCopyText(trace)).toBe(copyText(JSON.stringify(trace)));
      }),
      { numRuns: 5_000 },
    );
    expect(traceCopyText(undefined)).toBe('\\N');
    expect(traceCopyText([])).toBe('[]');
  });
});
