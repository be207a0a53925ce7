import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@app/domain';

/** A malformed id cannot name anything: it is a 404 like an unknown one, and says nothing more. */
export const UuidParam = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => DomainError.notFound('resource'),
});
