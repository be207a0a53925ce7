import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ERROR_CODES } from '@app/contracts';

/** The body of every error: `error` is a code of the one catalogue (`@app/contracts`' error codes). */
const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string', enum: ERROR_CODES, description: 'What failed, as a code the client can act on' },
    message: { type: 'string', description: 'In English, for logs and developers; pages show their own sentence per code' },
    fields: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
    requestId: { type: 'string', description: 'Quote it when reporting a problem' },
    retryAfterSeconds: { type: 'integer', description: '429 and 503: seconds to wait (also Retry-After)' },
  },
} as const;

/** Every 4xx and 5xx response without a body of its own gets the error body. */
function documentErrorBody(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY_SCHEMA as never };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as OperationObject[]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (Number(status) < 400 || !response || '$ref' in response) continue;
        (response as ResponseObject).content ??= { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
      }
    }
  }
}

/**
 * The errors every endpoint of a kind can give, said once here rather than on each: a body is validated by the
 * global pipe (400 naming each field), an id in the path is a 404 when unknown or not yours, and a bearer token
 * can be refused (401) or lack the role (403).
 */
function documentCommonErrors(document: OpenAPIObject): void {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations) as OperationObject[]) {
      if (!operation?.responses) continue;
      if (operation.requestBody) operation.responses['400'] ??= { description: 'Bad input: the body names each bad field' };
      // Every query and path value is validated at the edge (NUL characters, impossible dates, the DTO's rules).
      if (operation.parameters?.some((p) => 'in' in p && (p.in === 'query' || p.in === 'path'))) {
        operation.responses['400'] ??= { description: 'Bad input: a query or path value, named in the body' };
      }
      if (operation.requestBody) {
        const media = Object.keys((operation.requestBody as { content?: Record<string, unknown> }).content ?? {});
        operation.responses['413'] ??= {
          description: media.includes('multipart/form-data') ? 'The file is over its size limit, or the case over its total' : 'The request body is over BODY_LIMIT',
        };
      }
      if (/\{[^}]+\}/.test(path)) operation.responses['404'] ??= { description: 'No such resource, or not yours' };
      if (operation.security?.some((s) => 'bearer' in s)) {
        operation.responses['401'] ??= { description: 'Missing, invalid, expired or logged-out token' };
        operation.responses['403'] ??= { description: 'Your role may not do this' };
      }
    }
  }
}

/** The OpenAPI document of the app's controllers (served at /docs-json; the web client's types come from it). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('subsidy-flow')
      .setDescription('Subsidy applications, review stages and working-day deadlines for a science and technology bureau')
      .setVersion('1')
      .addBearerAuth()
      .addGlobalResponse(
        { status: 429, description: 'Too many requests from this client; try again later' },
        { status: 500, description: 'Unexpected: a generic body with a request id, details only in the log' },
      )
      .build(),
  );
  documentCommonErrors(document);
  documentErrorBody(document);
  return document;
}
