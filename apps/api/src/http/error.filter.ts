import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { preferredLanguage, retryMessage } from '@app/auth';
import { ERROR_STATUS, ErrorCode } from '@app/contracts';
import { DomainError, TooManyAttemptsError } from '@app/domain';
import { ErrorBody } from './error-body';
import { unavailable } from './outage';

/** The code of an HTTP error that came without one of the catalogue (Nest's own: an unknown route, a bad body). */
const BARE_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
};

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);
}

/** PostgreSQL errors a client can cause, with what they mean to the client. */
const PG_STATUS: Record<string, [number, string]> = {
  '23505': [409, 'This already exists'],
  '22P02': [400, 'A value has the wrong format'],
  '22003': [400, 'A number is out of range'],
  '22007': [400, 'A date or time has the wrong format'],
  '22008': [400, 'A date or time is out of range'],
  '22021': [400, 'A text holds bytes that are not allowed'],
  '40001': [409, 'Concurrent change; try again'],
  '40P01': [409, 'Concurrent change; try again'],
};

/**
 * Maps every error once, at the edge: domain codes to statuses, HTTP errors as they are, everything else to a
 * generic 500 whose details go only to the log, under the request's correlation id.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{
      id?: string;
      method: string;
      url: string;
      headers: Record<string, string | string[] | undefined>;
    }>();
    const response = http.getResponse<{
      status(code: number): { json(body: unknown): void };
      setHeader(name: string, value: string): void;
      getHeader?(name: string): unknown;
      headersSent?: boolean;
    }>();
    // PostgreSQL or Redis away, or a lock held too long: the client retries later (Retry-After), nothing was written.
    const outage =
      exception instanceof DomainError || exception instanceof HttpException ? null : unavailable(exception);
    const body: ErrorBody = outage
      ? { statusCode: outage.statusCode, error: outage.error, message: outage.message }
      : exception instanceof ThrottlerException
        ? this.throttled(request, response)
        : this.toBody(exception);
    body.requestId = request.id
      ? String(request.id)
      : (response.getHeader?.('x-request-id') as string | undefined);
    if (body.statusCode === 429 && body.retryAfterSeconds !== undefined && !response.headersSent) {
      response.setHeader('Retry-After', String(body.retryAfterSeconds));
    }
    if (body.statusCode >= 500) {
      this.logger.error(
        `${request.method} ${request.url} [${body.requestId}]: ${(exception as Error)?.stack ?? exception}`,
      );
    }
    if (outage)
      this.logger.warn(
        `${request.method} ${request.url} [${body.requestId}]: ${body.statusCode} ${(exception as Error)?.message}`,
      );
    if (response.headersSent) return;
    if (outage) response.setHeader('Retry-After', String(outage.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  /** The per-client request limit: when to retry, in the client's language, instead of a bare ThrottlerException. */
  private throttled(
    request: { headers: Record<string, string | string[] | undefined> },
    response: { getHeader?(name: string): unknown },
  ): ErrorBody {
    const retryAfterSeconds = Math.max(1, Number(response.getHeader?.('Retry-After')) || 60);
    const language = preferredLanguage(request.headers['accept-language']);
    return {
      statusCode: 429,
      error: 'too-many-requests',
      message: retryMessage('requests', retryAfterSeconds, language),
      retryAfterSeconds,
    };
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: ERROR_STATUS[exception.reason],
        error: exception.reason,
        message: exception.message,
        fields: exception.fields.length ? exception.fields : undefined,
        retryAfterSeconds: exception instanceof TooManyAttemptsError ? exception.retryAfterSeconds : undefined,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const payload = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      return {
        statusCode,
        // Errors raised before a handler (a body that is not JSON, or over BODY_LIMIT) carry no code of ours.
        error: isErrorCode(payload.error) ? payload.error : (BARE_STATUS_CODES[statusCode] ?? (statusCode >= 500 ? 'internal' : 'validation')),
        message: Array.isArray(payload.message) ? payload.message.join('; ') : String(payload.message ?? exception.message),
        fields: payload.fields as ErrorBody['fields'],
        retryAfterSeconds:
          typeof payload.retryAfterSeconds === 'number' ? payload.retryAfterSeconds : undefined,
      };
    }
    const code = (exception as { code?: string; type?: string })?.code;
    if (code && PG_STATUS[code]) {
      const [statusCode, message] = PG_STATUS[code];
      return { statusCode, error: statusCode === 409 ? 'conflict' : 'validation', message };
    }
    const type = (exception as { type?: string })?.type;
    if (type === 'entity.too.large')
      return { statusCode: 413, error: 'payload-too-large', message: 'The request body is too large' };
    if (type === 'entity.parse.failed')
      return { statusCode: 400, error: 'validation', message: 'The request body is not valid JSON' };
    return {
      statusCode: 500,
      error: 'internal',
      message: 'Something went wrong; quote the request id when you report it',
    };
  }
}
