import { makeUscc } from '@app/domain';
import { DataSource } from 'typeorm';
import { DemoRandom } from './demo-random';

/** The districts the demo enterprises are registered in (each has two district reviewers among the demo accounts). */
export const DEMO_DISTRICTS = ['350102', '350111', '350103', '350104'] as const;

const WORDS = ['闽江', '榕城', '鼓山', '乌山', '屏山', '三坊', '七巷', '金山', '洪山', '东湖', '西湖', '左海', '五凤', '华林', '旗山', '南台'];
const TRADES = ['智能科技', '生物医药', '新材料', '电子信息', '软件', '光电', '海洋科技', '智能制造', '数据服务', '新能源'];

export interface DemoEnterprise {
  id: string;
  accountId: string;
  creditCode: string;
  name: string;
  regionCode: string;
  scale: 'above' | 'below';
}

/**
 * Enterprises for the demo cases, each with an enterprise account (username = credit code, the demo password).
 * They are reference data, not cases: written directly, as registration would.
 */
export async function createDemoEnterprises(
  dataSource: DataSource,
  random: DemoRandom,
  count: number,
  passwordHash: string,
): Promise<DemoEnterprise[]> {
  const out: DemoEnterprise[] = [];
  for (let i = 1; i <= count; i++) {
    const regionCode = DEMO_DISTRICTS[i % DEMO_DISTRICTS.length];
    const creditCode = makeUscc(`91${regionCode}MA3D${String(i).padStart(5, '0')}`);
    const name = `福州${WORDS[i % WORDS.length]}${TRADES[(i * 7) % TRADES.length]}有限公司${i > WORDS.length ? `（${i}）` : ''}`;
    const scale = random.chance(0.4) ? 'above' : 'below';
    const [e]: { id: string }[] = await dataSource.query(
      `INSERT INTO enterprises (credit_code, name, region_code, scale, tech_sme_no, high_tech_cert_no, in_high_tech_zone)
       VALUES ($1, $2, $3, $4, $5, NULL, $6) RETURNING id`,
      [creditCode, name, regionCode, scale, `2026${regionCode}A${String(i).padStart(4, '0')}`, regionCode === '350111' && random.chance(0.5)],
    );
    const [a]: { id: string }[] = await dataSource.query(
      `INSERT INTO accounts (username, password_hash, display_name, roles, enterprise_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [creditCode, passwordHash, name, ['enterprise'], e.id],
    );
    out.push({ id: e.id, accountId: a.id, creditCode, name, regionCode, scale });
  }
  return out;
}
