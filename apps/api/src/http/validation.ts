import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@app/domain';
import { findBadStrings } from './edge-checks';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function badRequest(fields: FieldError[]): BadRequestException {
  return new BadRequestException({ error: 'validation', message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields });
}

/**
 * The one pipe at the edge. First, for every path parameter, query and body: no NUL character and no impossible
 * date anywhere (400 naming the field); then the DTO's own rules.
 */
class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' || metadata.type === 'query' || metadata.type === 'body') {
      const fields = findBadStrings(value, metadata.data ?? '');
      if (fields.length) throw badRequest(fields);
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused (no mass assignment), and the 400 names each bad field. */
export function validationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      return badRequest(flatten(errors));
    },
  });
}
