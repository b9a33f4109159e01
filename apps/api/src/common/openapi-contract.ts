import { isDeepStrictEqual } from 'node:util';
import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { documentedKeys, documentedProperty, dtoClassOf, isDocumentedDto } from './dto-metadata';
import { problemResponse } from './openapi';

/** Path parameters the server checks as UUIDs (UuidPipe); every other path parameter is free text. */
const UUID_PATH_PARAMETERS = new Set(['id', 'addOnId', 'deliveryId']);

type Schema = SchemaObject & ReferenceObject;

/**
 * Makes the generated document say what the server does, from the same sources the server runs on
 * (issue 10, item 7):
 * - request DTO properties carry the limits their class-validator rules enforce (minLength, maxLength,
 *   pattern, format), and request bodies refuse unknown fields (`additionalProperties: false`), as the
 *   global ValidationPipe does;
 * - UUID path ids are `format: uuid`; every operation with a body documents 400, 413 and 415; each
 *   status's problem, with its own example, is one shared response (components.responses.Problem4xx);
 * - public operations say `security: []` (every route declares its auth kind, so no security is public).
 */
export function tightenContract(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const requestDtos = requestDtoClasses(app);
  const problemResponses: Record<string, ResponseObject> = {};

  for (const [name, dto] of requestDtos) {
    const schema = schemas[name];
    if (!schema || schema.$ref) continue;
    if (schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
      const property = schema.properties?.[rule.propertyName] as Schema | undefined;
      if (property && !property.$ref) applyRule(property, rule.name, rule.constraints ?? []);
    }
  }

  for (const schema of Object.values(schemas)) {
    for (const property of Object.values((schema.properties ?? {}) as Record<string, Schema>)) typeNullableReference(property, schemas);
  }

  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.security ??= [];
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in === 'path' && UUID_PATH_PARAMETERS.has(parameter.name)) parameter.schema = { type: 'string', format: 'uuid' };
      }
      if (operation.requestBody) for (const status of [400, 413, 415]) operation.responses[status] ??= problemResponse(status);
      for (const [status, response] of Object.entries(operation.responses)) {
        // The standard problem of a status is written once, in components.responses, and referenced.
        if (Number(status) >= 400 && isDeepStrictEqual(response, problemResponse(Number(status)))) {
          operation.responses[status] = { $ref: `#/components/responses/${PROBLEM_RESPONSE_PREFIX}${status}` };
          problemResponses[`${PROBLEM_RESPONSE_PREFIX}${status}`] = problemResponse(Number(status));
        }
      }
    }
  }
  document.components = { ...document.components, responses: { ...document.components?.responses, ...sortedByKey(problemResponses) } };
  return document;
}

const PROBLEM_RESPONSE_PREFIX = 'Problem';

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Request body DTOs of every controller method, with the DTOs nested in them, by schema name. */
function requestDtoClasses(app: INestApplication): Map<string, Type> {
  const found = new Map<string, Type>();
  const visit = (dto: Type) => {
    if (found.get(dto.name) === dto) return;
    found.set(dto.name, dto);
    for (const key of documentedKeys(dto)) {
      const nested = dtoClassOf(documentedProperty(dto, key) ?? {});
      if (nested) visit(nested);
    }
  };
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const prototype = metatype.prototype as object;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
        for (const type of types) if (isDocumentedDto(type)) visit(type);
      }
    }
  }
  return found;
}

/** One class-validator rule as JSON Schema, where the document does not already say more. */
function applyRule(property: Schema, rule: string | undefined, constraints: unknown[]): void {
  const stringOf = (schema: Schema) => (schema.type === 'array' && schema.items ? (schema.items as Schema) : schema);
  const target = stringOf(property);
  switch (rule) {
    case 'isLength': {
      const [min, max] = constraints as [number, number | undefined];
      if (min > 0) target.minLength ??= min;
      if (max !== undefined) target.maxLength ??= max;
      break;
    }
    case 'minLength':
      target.minLength ??= constraints[0] as number;
      break;
    case 'maxLength':
      target.maxLength ??= constraints[0] as number;
      break;
    case 'matches': {
      const pattern = constraints[0] as RegExp;
      if (pattern instanceof RegExp && !pattern.flags) target.pattern ??= pattern.source;
      if (pattern instanceof RegExp && !pattern.test('')) target.minLength ??= 1;
      break;
    }
    case 'isEmail':
      target.format ??= 'email';
      target.minLength ??= 1;
      break;
    case 'isUuid':
      target.format ??= 'uuid';
      break;
  }
}

/** `nullable` needs a `type` beside it (OpenAPI 3.0): a nullable `allOf: [$ref]` gets the referenced type. */
function typeNullableReference(property: Schema, schemas: Record<string, Schema>): void {
  if (!property.nullable || property.type || !property.allOf || property.allOf.length !== 1) return;
  const ref = (property.allOf[0] as ReferenceObject).$ref;
  const target = ref ? schemas[ref.split('/').pop()!] : undefined;
  if (target?.type) property.type = target.type;
}
