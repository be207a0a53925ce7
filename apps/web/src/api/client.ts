import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** A refused request: the status and the API's error body (its code, message and the fields at fault). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields: { field: string; message: string }[],
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The CSRF token of this browser session (GET /api/v1/auth/csrf after logging in). */
export async function refreshCsrfToken(): Promise<void> {
  const res = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' });
  csrfToken = res.ok ? ((await res.json()) as { csrfToken: string }).csrfToken : null;
}

export function forgetCsrfToken(): void {
  csrfToken = null;
}

export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

/** The typed client: paths, bodies and answers come from the API's OpenAPI document (schema.d.ts). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

export async function toApiError(response: Response, body?: unknown): Promise<ApiError> {
  let parsed = body as { error?: string; message?: string; fields?: { field: string; message: string }[] } | undefined;
  if (parsed === undefined) {
    try {
      parsed = await response.clone().json();
    } catch {
      parsed = undefined;
    }
  }
  return new ApiError(response.status, parsed?.error ?? `http-${response.status}`, parsed?.fields ?? [], parsed?.message ?? response.statusText);
}

/** The data of an answer, or the ApiError it was. */
export async function unwrap<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok) throw await toApiError(response, error);
  return data as T;
}

/** Uploads a file with progress (fetch cannot report upload progress). */
export function uploadWithProgress<T>(url: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const b = body as { error?: string; message?: string; fields?: { field: string; message: string }[] } | undefined;
        reject(new ApiError(xhr.status, b?.error ?? `http-${xhr.status}`, b?.fields ?? [], b?.message ?? xhr.statusText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', [], 'network'));
    xhr.send(form);
  });
}
