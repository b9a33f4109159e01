import type { Type } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';

/** What a DTO property documents about itself (@ApiProperty). */
export interface DocumentedProperty {
  nullable?: boolean;
  type?: unknown;
}

export function documentedProperty(dto: Type, key: string): DocumentedProperty | undefined {
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto.prototype, key) as DocumentedProperty | undefined;
}

export function isDocumentedDto(type: unknown): type is Type {
  return typeof type === 'function' && !!type.prototype && !!Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, type.prototype);
}

/** The names of a DTO's documented properties. */
export function documentedKeys(dto: Type): string[] {
  const keys = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, dto.prototype) ?? []) as string[];
  return keys.map((key) => key.replace(/^:/, ''));
}

/** The DTO class a documented property holds (`type: X`, `type: [X]` or `type: () => X`), if it is one. */
export function dtoClassOf(property: DocumentedProperty): Type | undefined {
  let type = Array.isArray(property.type) ? property.type[0] : property.type;
  if (typeof type === 'function' && !type.prototype) type = (type as () => unknown)();
  return isDocumentedDto(type) ? type : undefined;
}
