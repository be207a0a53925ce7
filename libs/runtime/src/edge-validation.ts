import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError, FieldError } from '@app/domain';
import { Observable } from 'rxjs';

const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

/** Whether a `YYYY-MM-DD` (or the day of an ISO instant) names a day that exists: 2026-02-31 does not. */
function impossibleDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d;
}

function inspect(value: unknown, field: string, problems: FieldError[], depth = 0): void {
  if (problems.length >= 20 || depth > 20) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) problems.push({ field, message: 'must not contain a NUL character' });
    else if (impossibleDay(value)) problems.push({ field, message: `${value.slice(0, 10)} is not a day of the calendar` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => inspect(v, `${field}[${i}]`, problems, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) problems.push({ field: `${field}.${k.split('\u0000').join('\\0')}`, message: 'must not contain a NUL character' });
      inspect(v, `${field}.${k}`, problems, depth + 1);
    }
  }
}

/**
 * One check at the edge, before any pipe or handler: a NUL character anywhere in the path, the query or the
 * body (PostgreSQL cannot store it in text), or a calendar day that does not exist (`2026-02-31`), is a 400
 * naming the field — never a 500 from deeper down.
 */
@Injectable()
export class EdgeValidation implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ params?: object; query?: object; body?: unknown }>();
    const problems: FieldError[] = [];
    inspect(request.params ?? {}, 'path', problems);
    inspect(request.query ?? {}, 'query', problems);
    inspect(request.body, 'body', problems);
    if (problems.length) throw DomainError.invalid(problems.map((p) => ({ ...p, field: p.field.replace(/^(path|query|body)\./, '') })));
    return next.handle();
  }
}
