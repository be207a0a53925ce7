import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { toFen } from '../format';

export type ProgramVersion = Schemas['ProgramVersionDto'];
export type FactField = Schemas['FactFieldDto'];

export const PROGRAMS = ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] as const;
export const REGIONS = ['350102', '350103', '350104', '350105', '350111', '350112', '350121', '350122', '350123', '350124', '350125', '350128', '350181'];

/** The version that judges a year: the latest start among those whose range holds it. */
export function versionFor(versions: ProgramVersion[], program: string, year: number): ProgramVersion | undefined {
  return versions
    .filter((v) => v.program === program && v.yearFrom <= year && (v.yearTo === null || v.yearTo >= year))
    .sort((a, b) => b.yearFrom - a.yearFrom)[0];
}

/** Form values (元 for money) → the API's facts (fen integers); empty fields are left out. */
export function toFacts(fields: FactField[], values: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    facts[f.name] = f.type === 'fen' ? toFen(Number(v)) : v;
  }
  return facts;
}

/** One input per fact of the program version, typed by the fact's type. */
export function FactFields({ fields }: { fields: FactField[] }) {
  const { t } = useTranslation();
  const label = (name: string) => t(`field.${name}`, { defaultValue: name });
  const required = (f: FactField) => f.type === 'fen' || f.type === 'boolean' || f.type === 'scale' || f.type === 'recognition' || f.type === 'regionCode' || f.type === 'localDate';
  return (
    <>
      {fields.map((f) => {
        const rules = required(f) && f.name !== 'contractNo' ? [{ required: true, message: `${label(f.name)}${t('error.fieldMessage.required')}` }] : [];
        const common = { key: f.name, name: f.name, label: label(f.name), rules };
        switch (f.type) {
          case 'boolean':
            return (
              <Form.Item {...common}>
                <Radio.Group aria-label={label(f.name)} options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
              </Form.Item>
            );
          case 'fen':
            return (
              <Form.Item {...common} extra={t('common.amount') + t('common.paren', { text: t('common.yuan') })}>
                <InputNumber<number> aria-label={label(f.name)} min={0} step={1000} precision={2} style={{ width: '100%' }} suffix={t('common.yuan')}
                  formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} parser={(v) => Number((v ?? '').replace(/,/g, ''))} />
              </Form.Item>
            );
          case 'regionCode':
            return (
              <Form.Item {...common}>
                <Select aria-label={label(f.name)} options={REGIONS.map((r) => ({ value: r, label: t(`region.${r}`) }))} />
              </Form.Item>
            );
          case 'scale':
            return (
              <Form.Item {...common}>
                <Select aria-label={label(f.name)} options={['above', 'below'].map((v) => ({ value: v, label: t(`choice.${v}`) }))} />
              </Form.Item>
            );
          case 'recognition':
            return (
              <Form.Item {...common}>
                <Select aria-label={label(f.name)} options={['first', 'renewal'].map((v) => ({ value: v, label: t(`choice.${v}`) }))} />
              </Form.Item>
            );
          case 'localDate':
            return (
              <Form.Item {...common}>
                <Input type="date" aria-label={label(f.name)} />
              </Form.Item>
            );
          default:
            return (
              <Form.Item {...common}>
                <Input aria-label={label(f.name)} />
              </Form.Item>
            );
        }
      })}
    </>
  );
}
