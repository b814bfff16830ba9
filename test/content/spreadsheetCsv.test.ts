import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { spreadsheetCsv } from '../../content/spreadsheetCsv.js';

describe('CSV for spreadsheets', () => {
  test('every cell is quoted, quotes doubled, and a CSV parser reads back what was written', () => {
    const rows = [
      ['name', 'note', 'count'],
      ['Kyiv "Bakery"', 'line one\nline two, with a comma', 3],
      ['', null, 0],
    ];
    const text = spreadsheetCsv(rows);
    assert.equal(text.split('\r\n')[0], '"name","note","count"');
    assert.deepEqual(parse(text), [
      ['name', 'note', 'count'],
      ['Kyiv "Bakery"', 'line one\nline two, with a comma', '3'],
      ['', '', '0'],
    ]);
  });

  test('a cell a spreadsheet would run as a formula starts with an apostrophe; numbers and plain text stay as they are', () => {
    const [row] = parse(spreadsheetCsv([['=HYPERLINK("http://x")', '+1', '-it@example.com', '@SUM(A1)', '\tx', '\rx', 'it=fine', -4]])) as string[][];
    assert.deepEqual(row, ['\'=HYPERLINK("http://x")', "'+1", "'-it@example.com", "'@SUM(A1)", "'\tx", "'\rx", 'it=fine', '-4']);
  });
});
