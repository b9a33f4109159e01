import type { Type } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';

/** What a DTO property documents about itself (@ApiProperty). */
export interface DocumentedProperty {
  nullable?: boolean;
  type?: unknown;
}

/** A class's prototype, where Swagger's decorators keep their metadata. */
const prototypeOf = (type: unknown): object => (type as { prototype: object }).prototype;

export function documentedProperty(dto: Type, key: string): DocumentedProperty | undefined {
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototypeOf(dto), key) as DocumentedProperty | undefined;
}

export function isDocumentedDto(type: unknown): type is Type {
  return typeof type === 'function' && !!prototypeOf(type) && !!Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, prototypeOf(type));
}

/** The names of a DTO's documented properties. */
export function documentedKeys(dto: Type): string[] {
  const keys = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, prototypeOf(dto)) ?? []) as string[];
  return keys.map((key) => key.replace(/^:/, ''));
}

/** The DTO class a documented property holds (`type: X`, `type: [X]` or `type: () => X`), if it is one. */
export function dtoClassOf(property: DocumentedProperty): Type | undefined {
  let type: unknown = Array.isArray(property.type) ? (property.type as unknown[])[0] : property.type;
  if (typeof type === 'function' && !prototypeOf(type)) type = (type as () => unknown)();
  return isDocumentedDto(type) ? type : undefined;
}
