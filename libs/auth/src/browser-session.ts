import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';

/**
 * Browser sessions: the login token also travels in an HttpOnly, SameSite=Strict cookie (Secure in production),
 * so the pages never hold it in script. A request authenticated by that cookie and not by a bearer header must
 * carry a CSRF token for every unsafe method (signed double submit: the token is an HMAC of the session, kept
 * in a second cookie and echoed in the `x-csrf-token` header).
 */
export const SESSION_COOKIE = 'sf_session';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this origin; browsers only accept it with Secure.
  return secure ? '__Host-sf_csrf' : 'sf_csrf';
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds * 1000 } : {}),
  };
}

/** The bearer token of the Authorization header, else the session cookie's; null when neither. */
export function tokenOf(req: { headers?: Record<string, unknown>; cookies?: Record<string, string> }): {
  token: string;
  via: 'bearer' | 'cookie';
} | null {
  const header = req.headers?.authorization;
  const bearer = typeof header === 'string' ? header.match(/^Bearer\s+(\S+)$/i)?.[1] : undefined;
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = req.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

export interface CsrfGuard {
  /** Express middleware: refuses (403, JSON) an unsafe cookie-authenticated request without a valid token. */
  protect(req: Request, res: Response, next: NextFunction): void;
  /** Issues (and sets the cookie of) a token for the request's session. */
  issue(req: Request, res: Response): string;
}

/** Paths whose unsafe requests never need the token: logging in starts a session, it does not use one. */
const EXEMPT = new Set(['/api/v1/auth/login']);

export function createCsrfGuard(options: { secret: string; secure: boolean }): CsrfGuard {
  const secret = createHash('sha256').update(`csrf:${options.secret}`).digest('hex');
  const { validateRequest, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.cookies?.[SESSION_COOKIE] ?? '',
    cookieName: csrfCookieName(options.secure),
    cookieOptions: { sameSite: 'strict', secure: options.secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => req.headers[CSRF_HEADER] as string | undefined,
  });
  const needsToken = (req: Request): boolean => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return false;
    if (EXEMPT.has(req.path)) return false;
    return tokenOf(req)?.via === 'cookie';
  };
  return {
    protect: (req, res, next) => {
      if (!needsToken(req) || validateRequest(req)) {
        next();
        return;
      }
      res.status(403).json({
        statusCode: 403,
        error: 'csrf',
        message: `A browser session needs the ${CSRF_HEADER} header (GET /api/v1/auth/csrf) for this request`,
      });
    },
    issue: (req, res) => generateCsrfToken(req, res, { overwrite: true }),
  };
}

/** The CSRF guard of this process, injectable: the HTTP setup installs `protect`, the auth controller `issue`s. */
@Injectable()
export class BrowserSessions implements CsrfGuard {
  readonly secure: boolean;
  private readonly guard: CsrfGuard;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secure = config.env === 'production';
    this.guard = createCsrfGuard({ secret: config.jwt.secret, secure: this.secure });
  }

  protect = (req: Request, res: Response, next: NextFunction): void => this.guard.protect(req, res, next);
  issue = (req: Request, res: Response): string => this.guard.issue(req, res);
}
