import { describe, expect, it } from 'vitest';
import { buildCsv, csvCell, parseCsv } from './csv';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['with, comma', '"with, comma"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' leading space', '" leading space"'],
    ['trailing space ', '"trailing space "'],
    ['O’Brien', 'O’Brien'],
    ['', ''],
  ])('%j → %j', (input, expected) => expect(csvCell(input)).toBe(expected));

  it('writes numbers and empty values', () => {
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('defuses spreadsheet formulas from device-supplied text, but keeps negative numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+44 20')).toBe("'+44 20");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell('-rf')).toBe("'-rf");
  });
});

describe('buildCsv', () => {
  it('joins header and rows with CRLF and ends with one', () => {
    expect(buildCsv(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('round-trips through parseCsv, including quotes, commas, newlines and a BOM', () => {
    const header = ['Device', 'Keeper', 'Note'];
    const rows = [
      ['laptop-1', 'Sam "Sammy" Patel', 'line one\nline two'],
      ['laptop,2', '', 'ok'],
    ];
    expect(parseCsv('\uFEFF' + buildCsv(header, rows))).toEqual([header, ...rows]);
  });
});
