import fc from 'fast-check';
import { addDays, todayIn } from '@mais/domain';
import type { Schema } from './openapi-world';

/**
 * fast-check arbitraries from the OpenAPI document's JSON Schemas: values the contract calls valid, and
 * values it calls invalid (one field broken at a time, or garbage). Strings stay short so that thousands
 * of requests fit in seconds.
 */
export class SchemaArbitraries {
  constructor(private readonly schemas: Record<string, Schema>) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    while (current?.$ref) current = this.schemas[String(current.$ref).split('/').pop()!];
    if (current?.allOf?.length === 1) return { ...current, ...this.resolve(current.allOf[0]), allOf: undefined };
    return current ?? {};
  }

  valid(input: Schema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const base = this.validBase(schema, depth);
    return schema.nullable ? fc.option(base, { nil: null, freq: 4 }) : base;
  }

  private validBase(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (schema.example !== undefined && depth > 0 && !schema.properties)
      return fc.oneof({ weight: 3, arbitrary: fc.constant(schema.example) }, { weight: 1, arbitrary: this.byType(schema, depth) });
    if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]).filter((v) => v !== null));
    if (schema.oneOf) return fc.oneof(...(schema.oneOf as Schema[]).map((s) => this.valid(s, depth + 1)));
    return this.byType(schema, depth);
  }

  private byType(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    switch (schema.type) {
      case 'string':
        return this.string(schema);
      case 'integer':
      case 'number':
        return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1_000_000, 1_000_000_000) });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.valid(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'object':
      case undefined: {
        if (!schema.properties) return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 });
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, property] of Object.entries(schema.properties as Record<string, Schema>)) record[key] = this.valid(property, depth + 1);
        return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key: string) => key in record) });
      }
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 30, 30));
    const today = todayIn('UTC');
    switch (schema.format) {
      case 'uuid':
        return fc.uuid();
      case 'email':
        return fc.emailAddress().filter((e) => e.length <= (schema.maxLength ?? 254));
      case 'date':
        return fc.integer({ min: 1, max: 800 }).map((days) => addDays(today, days));
      case 'date-time':
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      case 'uri':
        return fc.webUrl().map((url) => url.replace(/^http:/, 'https:'));
      case 'password':
        return fc.string({ minLength: Math.max(minLength, 10), maxLength: 40 });
    }
    if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
    return fc.string({ minLength, maxLength });
  }

  /** A value that breaks the schema: one field broken at a time, unknown fields, or garbage. */
  invalid(input: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const broken = fc.oneof(
      fc.constant(null),
      fc.constant('bad\u0000value'),
      fc.constant('x'.repeat(6000)),
      fc.constant(-1),
      fc.constant(1e308),
      fc.constant(1.5),
      fc.constant(true),
      fc.constant([]),
      fc.constant({}),
      fc.constant('9999-12-31'),
      fc.constant('2027-02-29'),
      fc.string({ maxLength: 12 }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const garbage = fc.oneof(fc.jsonValue({ maxDepth: 3 }), broken);
    if (schema.type !== 'object' || !schema.properties) return garbage;
    const keys = Object.keys(schema.properties);
    return fc.oneof(
      fc
        .tuple(this.valid(schema) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...keys), broken)
        .map(([value, key, bad]) => ({ ...value, [key]: bad })),
      (this.valid(schema) as fc.Arbitrary<Record<string, unknown>>).map((value) => ({ ...value, unknownField: 'x' })),
      fc
        .tuple(this.valid(schema) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...(schema.required?.length ? schema.required : keys)))
        .map(([value, key]) => {
          const { [key as string]: _dropped, ...rest } = value;
          return rest;
        }),
      garbage,
    );
  }
}
