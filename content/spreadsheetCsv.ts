/**
 * CSV for people who open it in a spreadsheet: every cell quoted, and a cell that a spreadsheet would read as a
 * formula (starting with =, +, -, @, a tab or a carriage return) neutralised with a leading apostrophe (OWASP's
 * advice on CSV injection), since the cells come from uploaded files and other people's input.
 */
export function spreadsheetCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const formulaStart = /^[=+\-@\t\r]/;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === 'number' ? String(value) : formulaStart.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}
