/**
 * One cell of a `;`-separated file for a French spreadsheet. Text beginning with `=`, `+`, `-`, `@`,
 * a tab or a carriage return would be run as a formula (CSV injection): it is written after a `'`,
 * which the spreadsheet shows as text. A cell holding `;`, `"` or a line break is quoted. Numbers
 * (ours: counts) are written as they are.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a file: UTF-8 with a BOM (accents right in Excel), `;` between cells, CRLF after each row. */
export function csvFile(rows: Array<Array<string | number>>): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
