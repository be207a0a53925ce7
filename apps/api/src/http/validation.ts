import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@app/domain';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields are refused (no mass assignment), and the 400 names each bad field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        error: 'validation',
        message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
        fields,
      });
    },
  });
}
