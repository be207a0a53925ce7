import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The English names of the material kinds (`materialNamesEn` of a version) and of the expert panel's criteria
 * (`nameEn` of each) for the versions stored before them, so a bureau already running shows them as a new one
 * does. A version gets a name for each kind it lists that is named here, and nothing when none is (an
 * administrator's own kinds stay as written); a criterion, when both its code and its Chinese name are the shipped
 * one's; a name given already is kept. Display names only: no rule of a version changes. Written out here, not
 * read from the seed files, so this migration means the same for ever.
 */
const NAMES: Record<string, string> = {
  免申即享奖励确认书: 'No-application reward confirmation (免申即享)',
  免申即享补助确认书: 'No-application subsidy confirmation (免申即享)',
  高新技术企业证书: 'High-tech enterprise certificate',
  '高新技术企业证书（规下企业）': 'High-tech enterprise certificate (enterprises below the size threshold)',
  信用承诺书: 'Credit commitment letter',
  其他补充材料: 'Other supporting materials',
  科技创新券补助申请表: 'Innovation voucher subsidy application form',
  '科技型中小企业入库登记编号（或创客身份证明）': 'Tech-based SME registration number (or proof of maker status)',
  技术服务合同: 'Technical service contract',
  服务费用发票及付款凭证: 'Invoices and proof of payment of the service fee',
  '服务机构出具的服务成果（报告）': "The service provider's result (report)",
  无关联关系及信用承诺书: 'Statement of no related party, and credit commitment',
  研发经费投入分段补助确认表: 'R&D segmented subsidy confirmation form',
  '统计部门“一套表”研发活动统计数据（107-1表）': 'R&D activity statistics filed with the statistics bureau (form 107-1)',
  上年度财务审计报告: 'Audited financial report of the previous year',
};

/** The shipped expert criteria: code, Chinese name, English name. */
const CRITERIA: [string, string, string][] = [
  ['data_consistency', '统计数据与财务数据一致性', 'Statistics consistent with the financial accounts'],
  ['rd_authenticity', '研发活动真实性', 'R&D activity genuine'],
  ['materials', '材料完整规范', 'Materials complete and in order'],
];

export class EnglishNames1796008700000 implements MigrationInterface {
  name = 'EnglishNames1796008700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `WITH names AS (SELECT * FROM unnest($1::text[], $2::text[]) AS n(kind, name)),
       named AS (
         SELECT pv.id, jsonb_object_agg(n.kind, n.name) AS names
           FROM program_versions pv
           CROSS JOIN LATERAL jsonb_array_elements_text(
             COALESCE(pv.definition->'requiredMaterials', '[]') || COALESCE(pv.definition->'optionalMaterials', '[]')) AS k(kind)
           JOIN names n ON n.kind = k.kind
          WHERE NOT pv.definition ? 'materialNamesEn'
          GROUP BY pv.id)
       UPDATE program_versions pv SET definition = jsonb_set(pv.definition, '{materialNamesEn}', named.names)
         FROM named WHERE pv.id = named.id`,
      [Object.keys(NAMES), Object.values(NAMES)],
    );
    await queryRunner.query(
      `WITH names AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS n(code, name_zh, name_en)),
       named AS (
         SELECT pv.id, jsonb_agg(CASE WHEN c ? 'nameEn' OR n.name_en IS NULL THEN c ELSE c || jsonb_build_object('nameEn', n.name_en) END
                                 ORDER BY e.ord) AS criteria
           FROM program_versions pv
           CROSS JOIN LATERAL jsonb_array_elements(pv.definition->'expertPanel'->'criteria') WITH ORDINALITY AS e(c, ord)
           LEFT JOIN names n ON n.code = e.c->>'code' AND n.name_zh = e.c->>'nameZh'
          WHERE jsonb_typeof(pv.definition->'expertPanel'->'criteria') = 'array'
          GROUP BY pv.id
         HAVING bool_or(NOT e.c ? 'nameEn' AND n.name_en IS NOT NULL))
       UPDATE program_versions pv SET definition = jsonb_set(pv.definition, '{expertPanel,criteria}', named.criteria)
         FROM named WHERE pv.id = named.id`,
      [CRITERIA.map((c) => c[0]), CRITERIA.map((c) => c[1]), CRITERIA.map((c) => c[2])],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE program_versions SET definition = definition - 'materialNamesEn'`);
    await queryRunner.query(
      `UPDATE program_versions pv
          SET definition = jsonb_set(pv.definition, '{expertPanel,criteria}',
                (SELECT jsonb_agg(e.c - 'nameEn' ORDER BY e.ord)
                   FROM jsonb_array_elements(pv.definition->'expertPanel'->'criteria') WITH ORDINALITY AS e(c, ord)))
        WHERE jsonb_typeof(pv.definition->'expertPanel'->'criteria') = 'array'
          AND jsonb_array_length(pv.definition->'expertPanel'->'criteria') > 0`,
    );
  }
}
