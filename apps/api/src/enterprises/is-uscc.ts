import { ValidateBy, ValidationOptions } from 'class-validator';
import { Transform } from 'class-transformer';
import { usccError } from '@app/domain';

/** A 统一社会信用代码 whose check character (GB 32100-2015) holds; the 400 says what is wrong with it. */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUscc',
      validator: {
        validate: (value: unknown) => usccError(value) === null,
        defaultMessage: (args) =>
          `$property is not a valid unified social credit code (统一社会信用代码, GB 32100-2015): ${usccError(args?.value)}`,
      },
    },
    options,
  );
}

/** Codes are printed in capitals; people type them with spaces and in lower case. */
export const NormaliseUscc = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '').toUpperCase() : value));
