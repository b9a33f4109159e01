import { commissionCents, formatMoney, formatPercent, percentToBasisPoints, sumCents } from './money';

describe('commissionCents', () => {
  it('rounds 12.5% of 10001 cents up to 1251', () => expect(commissionCents(10001, '12.5')).toBe(1251));
  it('takes 10% of 0 as 0', () => expect(commissionCents(0, '10')).toBe(0));
  it('rounds 15% of 1 cent up to 1', () => expect(commissionCents(1, '15.00')).toBe(1));
  it('is exact when the product divides evenly', () => expect(commissionCents(10000, '12.5')).toBe(1250));
  it('takes 0% as 0 and 100% as the total', () => {
    expect(commissionCents(12345, '0')).toBe(0);
    expect(commissionCents(12345, '100')).toBe(12345);
  });
  it('rounds 12.5% of 12001 up to 1501', () => expect(commissionCents(12001, 12.5)).toBe(1501));
  it('does not drift on amounts where floats do', () => {
    // 0.07 * 100 * 1e9 style drift: float math gives 70000000.00000001 → ceil would add a cent.
    expect(commissionCents(1_000_000_000, '7')).toBe(70_000_000);
    expect(commissionCents(9_007_199_254_740, '99.99')).toBe(9_006_298_534_815);
  });
  it('rejects fractional or negative cents', () => {
    expect(() => commissionCents(10.5, '10')).toThrow(RangeError);
    expect(() => commissionCents(-1, '10')).toThrow(RangeError);
  });
});

describe('percentToBasisPoints', () => {
  it('reads decimal strings and numbers', () => {
    expect(percentToBasisPoints('12.5')).toBe(1250);
    expect(percentToBasisPoints('0.01')).toBe(1);
    expect(percentToBasisPoints(15)).toBe(1500);
  });
  it('rejects more than two decimals and values over 100', () => {
    expect(() => percentToBasisPoints('12.345')).toThrow(RangeError);
    expect(() => percentToBasisPoints(12.345)).toThrow(RangeError);
    expect(() => percentToBasisPoints('100.01')).toThrow(RangeError);
  });
  it('formats canonically', () => expect(formatPercent(12.5)).toBe('12.50'));
});

describe('sumCents', () => {
  it('adds integer cents', () => expect(sumCents([10001, 2000])).toBe(12001));
});

describe('formatMoney', () => {
  it('divides by the currency\'s own minor unit', () => {
    expect(formatMoney(12001, 'usd')).toBe('$120.01');
    expect(formatMoney(1000, 'jpy')).toBe('¥1,000');
    expect(formatMoney(0, 'eur')).toBe('€0.00');
  });

  it('refuses what is not a non-negative integer of cents', () => {
    expect(() => formatMoney(1.5, 'usd')).toThrow(RangeError);
    expect(() => formatMoney(-1, 'usd')).toThrow(RangeError);
  });
});
