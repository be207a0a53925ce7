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
  return new BadRequestException({
    error: 'validation',
    message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    fields,
  });
}

/**
 * The one pipe at the edge. First, for every path parameter, query and body: no NUL character and no impossible
 * date anywhere (400 naming the field); then the DTO's own rules.
 */
class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const edge = ['param', 'query', 'body'].includes(metadata.type)
      ? findBadStrings(value, metadata.data ?? '')
      : [];
    if (!edge.length) return super.transform(value, metadata);
    // Every bad field is named at once (一次性告知): the DTO's own findings join the edge's, which win per field.
    const named = new Set(edge.map((f) => f.field));
    const rest = await super.transform(value, metadata).then(
      () => [],
      (error: unknown) =>
        error instanceof BadRequestException ? fieldsOf(error).filter((f) => !named.has(f.field)) : [],
    );
    throw badRequest([...edge, ...rest]);
  }
}

function fieldsOf(error: BadRequestException): FieldError[] {
  const body = error.getResponse() as { fields?: FieldError[] };
  return Array.isArray(body.fields) ? body.fields : [];
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
