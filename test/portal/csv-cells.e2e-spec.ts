import { csvCell, csvFile } from '../../web/src/ui/csv';

/**
 * The back-office's CSV files (« Effectifs »): a cell a spreadsheet would run as a formula is
 * written as text, and a cell that would split a row or a column is quoted. A pure function: no app.
 */
describe('CSV cells (back-office exports)', () => {
  it('neutralises text beginning with = + - @, a tab or a carriage return (prefixed with a quote)', () => {
    expect(csvCell('=HYPERLINK("http://evil.test","clic")')).toBe(`"'=HYPERLINK(""http://evil.test"",""clic"")"`);
    expect(csvCell('+33 5 00')).toBe("'+33 5 00");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('quotes a cell holding a ; a " or a line break, doubling the quotes', () => {
    expect(csvCell('Cantine; midi')).toBe('"Cantine; midi"');
    expect(csvCell('Le "grand" réfectoire')).toBe('"Le ""grand"" réfectoire"');
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvCell('ligne 1\rligne 2')).toBe('"ligne 1\rligne 2"');
  });

  it('leaves ordinary text and numbers as they are', () => {
    expect(csvCell('RESTAURATION SCOLAIRE')).toBe('RESTAURATION SCOLAIRE');
    expect(csvCell('lun. 05/01/2026')).toBe('lun. 05/01/2026');
    expect(csvCell('Pâtes – sans porc')).toBe('Pâtes – sans porc');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(0)).toBe('0');
  });

  it('writes a file: BOM, ; between cells, CRLF after each row', () => {
    expect(
      csvFile([
        ['Activité', 'Réservés'],
        ['=cmd|calc', 3],
      ]),
    ).toBe("\ufeffActivité;Réservés\r\n'=cmd|calc;3\r\n");
  });
});
