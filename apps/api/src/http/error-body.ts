import { ErrorCode } from '@app/contracts';
import { FieldError } from '@app/domain';

/** Every error a client sees has this shape: generic text, the fields at fault, and a correlation id. */
export interface ErrorBody {
  statusCode: number;
  /** The code of the catalogue (`@app/contracts` error codes): what the client can act on. */
  error: ErrorCode;
  message: string;
  fields?: FieldError[];
  requestId?: string;
  /** 429: seconds to wait before trying again (also the Retry-After header). */
  retryAfterSeconds?: number;
}
