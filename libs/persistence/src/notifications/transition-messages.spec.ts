import { BUILTIN_PROGRAM_VERSIONS } from '@app/domain';
import { TransitionFacts, transitionMessages } from './transition-messages';

const voucher = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'innovation-voucher' && v.version === '2024')!;

/** A case returned for 补正 with one of its version's material kinds and one item the reviewer wrote. */
const returned = (materialNamesEn: Record<string, string> | null | undefined): TransitionFacts => ({
  transitionId: '00000000-0000-7000-8000-000000000001', applicationId: '00000000-0000-7000-8000-000000000002',
  enterpriseId: '00000000-0000-7000-8000-000000000003', year: 2024, caseSeq: '42', program: voucher.name,
  enterprise: '福州闽光科技有限公司', from: 'acceptance', to: 'supplement', action: 'return-for-supplement',
  actorAccountId: null, detail: null, supplementItems: ['技术服务合同', '加盖公章的发票原件'], materialNamesEn,
  supplementDueAt: new Date('2024-06-20T16:00:00Z'), noticeEndsAt: null, offerLapsesAt: null, tasks: [],
});

describe('the 补正 message of a case returned for materials', () => {
  it('names a material kind by its English name in English, and an item the reviewer wrote as written', () => {
    const { enterprise } = transitionMessages(returned(voucher.materialNamesEn));
    expect(enterprise.en).toContain('1. Technical service contract; 2. 加盖公章的发票原件');
    expect(enterprise.zh).toContain('1. 技术服务合同；2. 加盖公章的发票原件');
  });

  it('names a kind as written where its version gives no English names (a version stored before them)', () => {
    const { enterprise } = transitionMessages(returned(undefined));
    expect(enterprise.en).toContain('1. 技术服务合同; 2. 加盖公章的发票原件');
  });
});
