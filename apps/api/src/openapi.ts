import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SECURITY } from './auth/auth.decorators';
import { ProblemDto } from './common/openapi';
import { tightenContract } from './common/openapi-contract';
import { addConfigVersioningSchemas } from './config-versioning/openapi-schemas';

/** The OpenAPI document, generated from the controllers and DTOs: what agents and the widget code against. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('MAIS API')
    .setDescription(
      'Multi-tenant booking platform for wedding and event businesses. Errors are RFC 9457 problem+json with a stable `code`. ' +
        'Money is integer cents, calendar dates are YYYY-MM-DD, instants ISO 8601 UTC.',
    )
    .setVersion('1')
    .addServer('/', 'The API that serves this document')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Tenant-Key', description: 'pk_live_{slug}_{32}: the widget key' }, SECURITY.tenantKey)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From POST /v1/admin/login' }, SECURITY.adminJwt)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'sk_live_{slug}_{32}', description: 'The tenant secret key (agents, servers)' },
      SECURITY.secretKey,
    )
    .build();
  return tightenContract(app, addConfigVersioningSchemas(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] })));
}

/** /docs-json always (agents and client generators read it); the Swagger UI at /docs only where DOCS_UI allows. */
export function setUpSwagger(app: INestApplication, document: OpenAPIObject, options: { ui: boolean }): void {
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'MAIS API', ui: options.ui });
}
