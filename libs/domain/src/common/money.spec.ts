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
  it("divides by the currency's own minor unit", () => {
    expect(formatMoney(12001, 'usd')).toBe('$120.01');
    expect(formatMoney(1000, 'jpy')).toBe('¥1,000');
    expect(formatMoney(0, 'eur')).toBe('€0.00');
  });

  it('refuses what is not a non-negative integer of cents', () => {
    expect(() => formatMoney(1.5, 'usd')).toThrow(RangeError);
    expect(() => formatMoney(-1, 'usd')).toThrow(RangeError);
  });
});

describe('the percentage rule (a commission rate as numeric(5,2))', () => {
  it.each(['-5', '+5', 'x5', '5x', '5.', '.5', '1.2.3', '1e1', '', ' ', '0x10', '1000', '5 %'])('refuses %p, naming it', (text) => {
    expect(() => percentToBasisPoints(text)).toThrow(new RangeError(`Not a percentage with at most two decimals: ${text}`));
  });

  it('reads exactly 0 and exactly 100, in every spelling, and nothing above', () => {
    expect(['0', '0.0', '0.00', '000'].map(percentToBasisPoints)).toEqual([0, 0, 0, 0]);
    expect(['100', '100.0', '100.00', '099.99'].map(percentToBasisPoints)).toEqual([10_000, 10_000, 10_000, 9_999]);
    expect(() => percentToBasisPoints('100.01')).toThrow(new RangeError('Percentage above 100: 100.01'));
    expect(() => percentToBasisPoints('999')).toThrow(new RangeError('Percentage above 100: 999'));
  });

  it('pads one decimal to hundredths ("12.5" is 12.50, not 12.05) and trims surrounding blanks', () => {
    expect(percentToBasisPoints('12.5')).toBe(1250);
    expect(percentToBasisPoints('12.05')).toBe(1205);
    expect(percentToBasisPoints(' 7.25 ')).toBe(725);
  });

  it('takes numbers with at most two decimals, refusing negatives, infinities and NaN with their own message', () => {
    expect(percentToBasisPoints(0)).toBe(0);
    expect(percentToBasisPoints(0.1)).toBe(10);
    expect(percentToBasisPoints(99.99)).toBe(9999);
    for (const value of [-0.01, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => percentToBasisPoints(value)).toThrow(new RangeError(`Not a percentage: ${value}`));
    }
    expect(() => percentToBasisPoints(0.125)).toThrow(new RangeError('Percentage with more than two decimals: 0.125'));
  });

  it('formats with exactly two decimals, whatever was given', () => {
    expect(['0', '5', '5.5', '5.05', '100'].map(formatPercent)).toEqual(['0.00', '5.00', '5.50', '5.05', '100.00']);
    expect(formatPercent(7)).toBe('7.00');
  });
});

describe('money in currencies whose minor unit is not the cent', () => {
  // Intl separates a currency code from the amount with a no-break space.
  const plain = (text: string) => text.replace(/\u00a0/g, ' ');

  it('formats three-decimal currencies from their thousandths (fils, baisa)', () => {
    expect(plain(formatMoney(1234, 'kwd'))).toBe('KWD 1.234');
    expect(plain(formatMoney(5, 'bhd'))).toBe('BHD 0.005');
    expect(plain(formatMoney(1000, 'omr'))).toBe('OMR 1.000');
  });

  it('formats zero-decimal currencies from whole units', () => {
    expect(formatMoney(1, 'jpy')).toBe('¥1');
    expect(formatMoney(1234567, 'krw')).toBe('₩1,234,567');
  });

  it('takes the currency in either case', () => expect(formatMoney(12001, 'USD')).toBe(formatMoney(12001, 'usd')));

  it('names what it refuses', () => {
    expect(() => formatMoney(-1, 'usd')).toThrow(new RangeError('cents must be a non-negative integer of cents'));
  });
});

describe('sums and commissions stay exact and bounded', () => {
  it('refuses a sum past the safe integer range rather than rounding it', () => {
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(new RangeError('Total exceeds the safe integer range'));
    expect(sumCents([])).toBe(0);
  });

  it('names the bad amount', () => {
    expect(() => sumCents([100, -1])).toThrow(new RangeError('amount must be a non-negative integer of cents'));
    expect(() => commissionCents(0.5, '10')).toThrow(new RangeError('totalCents must be a non-negative integer of cents'));
  });

  it('rounds up by the smallest step: one basis point of one cent is one cent, of zero is zero', () => {
    expect(commissionCents(1, '0.01')).toBe(1);
    expect(commissionCents(10_000, '0.01')).toBe(1);
    expect(commissionCents(10_001, '0.01')).toBe(2);
    expect(commissionCents(0, '0.01')).toBe(0);
    // Large totals: BigInt arithmetic, no float drift (9,007,199,254,740,991 × 12.5 % = 1,125,899,906,842,623.875 → up).
    expect(commissionCents(Number.MAX_SAFE_INTEGER, '12.5')).toBe(1_125_899_906_842_624);
  });
});
