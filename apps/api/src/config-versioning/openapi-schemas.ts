import type { OpenAPIObject } from '@nestjs/swagger';
import { getSchemaPath } from '@nestjs/swagger';
import { configDocumentSchema } from '@mais/config-versioning';

export const CONFIG_DOCUMENT_SCHEMA = 'ConfigDocument';
export const JSON_PATCH_OPERATION_SCHEMA = 'JsonPatchOperation';

const jsonPatchOperationSchema = {
  type: 'object',
  description: 'One RFC 6902 (JSON Patch) operation; paths are JSON pointers into the config document.',
  required: ['op', 'path'],
  properties: {
    op: { type: 'string', enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'] },
    path: { type: 'string', example: '/branding/primaryColor', description: 'A JSON pointer: "" or starting with "/"' },
    from: { type: 'string', description: 'The source pointer of `move` and `copy`' },
    value: { description: 'Any JSON value; required by `add`, `replace` and `test`', example: '#112233' },
  },
};

/** `$ref`s for DTO properties holding a config document or patch operations. */
export const configDocumentRef = { allOf: [{ $ref: getSchemaPath(CONFIG_DOCUMENT_SCHEMA) }] };
export const patchOperationsSchema = { type: 'array' as const, items: { $ref: getSchemaPath(JSON_PATCH_OPERATION_SCHEMA) } };

/**
 * Adds the config document's JSON Schema (the one validateConfig enforces) and the JSON Patch
 * operation to the document's components, where the config-versioning DTOs reference them.
 */
export function addConfigVersioningSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    [CONFIG_DOCUMENT_SCHEMA]: structuredClone(configDocumentSchema) as object,
    [JSON_PATCH_OPERATION_SCHEMA]: jsonPatchOperationSchema,
  };
  return document;
}
