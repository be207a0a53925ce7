import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

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
  return document;
}
