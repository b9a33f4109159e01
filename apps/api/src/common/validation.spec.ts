import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { ValidationError } from '@mais/domain';
import { AppValidationPipe, createValidationPipe } from './validation';

class OptionalQuery {
  @IsOptional()
  @IsString()
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPriceCents?: number;
}

class RequiredQuery {
  @IsIn(['a', 'b'])
  kind: string;
}

const query = (metatype: new () => object) => ({ type: 'query' as const, metatype, data: undefined });

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a validation failure');
}

describe(AppValidationPipe.name, () => {
  it('answers an empty query with an instance of its DTO, again and again', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++) {
      const value = await pipe.transform({}, query(OptionalQuery));
      expect(value).toBeInstanceOf(OptionalQuery);
      expect({ ...(value as object) }).toEqual({ ...plainToInstance(OptionalQuery, {}) });
    }
  });

  it('still validates and transforms a query that is not empty', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({}, query(OptionalQuery));
    expect(await pipe.transform({ minPriceCents: '12' }, query(OptionalQuery))).toEqual(Object.assign(new OptionalQuery(), { minPriceCents: 12 }));
    const error = await failureOf(() => pipe.transform({ minPriceCents: '-1', colour: 'red' }, query(OptionalQuery)));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.errors).toEqual([
      { field: 'colour', message: 'unknown field' },
      { field: 'minPriceCents', message: 'minPriceCents must not be less than 0' },
    ]);
  });

  it('rejects an empty query the DTO does not accept with the same errors every time', async () => {
    const pipe = createValidationPipe();
    const first = (await failureOf(() => pipe.transform({}, query(RequiredQuery)))) as ValidationError;
    const second = (await failureOf(() => pipe.transform({}, query(RequiredQuery)))) as ValidationError;
    expect(first).toBeInstanceOf(ValidationError);
    expect(second.details).toEqual(first.details);
    expect(first.details.errors).toEqual([{ field: 'kind', message: 'kind must be one of the following values: a, b' }]);
  });
});
