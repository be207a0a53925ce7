import { formatYuan } from '../money/money';
import { CaseRef, MessageCatalogue } from './catalogue';

const STAGES: Record<string, string> = {
  submitted: '已提交', enterprise_confirmation: '企业确认', awaiting_confirmation: '待企业确认', acceptance: '受理',
  formal_review: '初审', expert_review: '专家评审', recheck: '复核', supplement: '补正', public_notice: '公示',
  disbursement: '拨付', approved: '办结', paid: '已拨付', refused: '不予通过', withdrawn: '已撤回', declined: '已放弃',
  lapsed: '已失效',
};

const named = (ref: CaseRef) => `${ref.enterprise}的${ref.program.zh}申请（案件编号 ${ref.number}）`;

/** 简体中文：每条消息写明案件（编号、项目、企业）以及何时前需要做什么。 */
export const ZH_CN: MessageCatalogue = {
  stage: (code) => STAGES[code] ?? code,
  caseStatus: (status, ref, { dueBy, items }) => {
    const c = named(ref);
    switch (status) {
      case 'submitted': return `${c}已收到，正在进行资格预审。`;
      case 'acceptance': return `${c}已进入受理环节。`;
      case 'formal_review': return `${c}已进入区级初审。`;
      case 'expert_review': return `${c}已提交专家评审。`;
      case 'recheck': return `${c}已进入市级复核。`;
      case 'supplement':
        return `${c}需要补正材料，请于 ${dueBy ?? '规定期限'} 前补齐以下材料：${(items ?? []).map((item, i) => `${i + 1}. ${item}`).join('；') || '见案件详情'}。逾期未补正的，申请将失效。`;
      case 'public_notice': return `${c}已进入公示${dueBy ? `，公示期至 ${dueBy}` : ''}。`;
      case 'approved': return `${c}已办结（审核通过），资金将按程序拨付。`;
      case 'paid': return `${c}的补助资金已拨付。`;
      case 'refused': return `${c}未予通过，理由见案件详情。`;
      case 'withdrawn': return `${c}已撤回。`;
      case 'awaiting_confirmation':
        return `${c}：科技局依据已掌握的数据向贵单位提供免申即享补助，请于 ${dueBy ?? '规定期限'} 前登录确认，逾期未确认视为放弃。`;
      case 'declined': return `${c}：贵单位已放弃该免申即享补助。`;
      case 'lapsed': return `${c}已失效（未在期限内答复）。`;
      default: return `${c}现处于“${STAGES[status] ?? status}”。`;
    }
  },
  taskCreated: (ref, stage, dueOn) =>
    `待办：${named(ref)}待您${STAGES[stage] ?? stage}，请于 ${dueOn ?? '尽快'}${dueOn ? ' 前' : ''}完成。`,
  expertDrawn: (ref) => `您已被抽选为${named(ref)}的评审专家，请尽快评分。`,
  decided: (ref, outcome) => `您经办的${named(ref)}已${outcome === 'approved' ? '办结（审核通过）' : '不予通过'}。`,
  slaAlarm: (ref, clock, level) => {
    const what = clock === 'case' ? '承诺时限' : `${STAGES[clock] ?? clock}时限`;
    const state = level === 'yellow' ? '即将到期（黄灯），请尽快办理' : level === 'red' ? '已超期（红灯），请立即办理' : '已超期并升级督办，请立即办理';
    return `时限预警：${named(ref)}的${what}${state}。`;
  },
  amountReduced: (ref, { fromFen, toFen }) =>
    `因本轮预算申报总额超出资金池，${named(ref)}的补助金额已按比例核减，由 ${formatYuan(fromFen)} 调整为 ${formatYuan(toFen)}，将按核减后的金额拨付。`,
  objectionFiled: (ref, reason) => `${named(ref)}在公示期间收到异议：“${reason}”。该案件暂停，待复核人员处理异议。`,
};
