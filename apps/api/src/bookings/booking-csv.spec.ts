import { csvCell, inUnits } from './booking-csv';

describe('CSV cells of the bookings export', () => {
  it('quotes cells with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12001)).toBe('12001');
  });

  it('writes what a spreadsheet would run as a formula as text, but keeps phone numbers and numbers as they are', () => {
    for (const formula of ['=1+1', '+SUM(A1)', '-2+3*cmd', '@SUM(A1)', '\tx', '=HYPERLINK("x")']) {
      expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('+1 (555) 123-4567')).toBe('+1 (555) 123-4567');
    expect(csvCell('-5')).toBe('-5');
  });

  it("writes amounts in the currency's own unit", () => {
    expect(inUnits(12001, 'usd')).toBe('120.01');
    expect(inUnits(5, 'usd')).toBe('0.05');
    expect(inUnits(1234, 'kwd')).toBe('1.234');
    expect(inUnits(1000, 'jpy')).toBe('1000');
  });
});
