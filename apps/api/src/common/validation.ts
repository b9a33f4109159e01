import { type ArgumentMetadata, type Type, ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { FieldError, ValidationError } from '@mais/domain';

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
          const result = await super.transform(value, metadata);
          this.acceptsEmptyQuery.set(metatype, true);
          return result;
        } catch (error) {
          this.acceptsEmptyQuery.set(metatype, false);
          throw error;
        }
      }
    }
    return super.transform(value, metadata);
  }
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
