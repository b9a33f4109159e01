import { type ArgumentMetadata, type Type, ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { DomainError, FieldError, ValidationError } from '@mais/domain';
import { documentedProperty, dtoClassOf } from './dto-metadata';

/**
 * The global ValidationPipe, with one shortcut: an empty query string (most widget reads) is checked
 * against its DTO once, and afterwards answered without running class-validator again. Validating `{}`
 * gives the same outcome every time, so the result and any error are exactly the full pipe's.
 */
export class AppValidationPipe extends ValidationPipe {
  private readonly acceptsEmptyQuery = new Map<Type, boolean>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type === 'query' && metatype && isEmptyObject(value) && this.toValidate(metadata)) {
      const accepts = this.acceptsEmptyQuery.get(metatype);
      if (accepts) return plainToInstance(metatype, {}, this.transformOptions);
      if (accepts === undefined) {
        try {
          const result: unknown = await super.transform(value, metadata);
          this.acceptsEmptyQuery.set(metatype, true);
          return result;
        } catch (error) {
          this.acceptsEmptyQuery.set(metatype, false);
          throw error;
        }
      }
    }
    if (metadata.type !== 'body' || !metatype || !this.toValidate(metadata)) return super.transform(value, metadata);
    // `@IsOptional()` lets null through as well as undefined; null is only accepted where the contract
    // (the DTO's documented `nullable`) says so, else it would reach a NOT NULL column as a 500.
    const nulls = nullsRefused(value, metatype);
    try {
      const result: unknown = await super.transform(value, metadata);
      if (nulls.length) throw new ValidationError('The request failed validation', nulls);
      return result;
    } catch (error) {
      if (!nulls.length || !(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      const reported = new Set((error.details.errors ?? []).map((e) => e.field));
      throw new ValidationError(error.message, [...(error.details.errors ?? []), ...nulls.filter((e) => !reported.has(e.field))]);
    }
  }
}

/** Fields of a body set to null where the DTO (or a nested DTO) does not document them as nullable. */
function nullsRefused(value: unknown, metatype: Type, prefix = ''): FieldError[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const property = documentedProperty(metatype, key);
    if (!property) return []; // unknown fields are refused by the whitelist
    const field = prefix ? `${prefix}.${key}` : key;
    if (child === null) return property.nullable ? [] : [{ field, message: 'must not be null' }];
    const nested = dtoClassOf(property);
    if (!nested) return [];
    return Array.isArray(child) ? child.flatMap((item, i) => nullsRefused(item, nested, `${field}.${i}`)) : nullsRefused(child, nested, field);
  });
}

/** DTO validation: unknown body fields are rejected, values transformed to their declared types. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationError('The request failed validation', flatten(errors)),
  });
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function flatten(errors: ClassValidatorError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`property ${error.property} should not exist`) ? 'unknown field' : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
