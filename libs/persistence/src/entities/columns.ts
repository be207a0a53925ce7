import { ValueTransformer } from 'typeorm';

/** Money is bigint fen in PostgreSQL; pg returns it as a string, the domain works in safe integers. */
export const fenTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
