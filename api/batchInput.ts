import { createHash } from 'node:crypto';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { maxBatchItems, type BatchInputProblem } from '../domain/batches.js';
import { RequestAsk } from '../domain/requestAsk.js';
import type { ProblemInit } from './problem.js';

/** Body of `POST /v1/relationship-request-batches` as JSON: each item is the body of a single request. */
export const BatchBody = z
  .object({ items: z.array(RequestAsk).min(1).max(maxBatchItems, `at most ${maxBatchItems} items in one batch`) })
  .strict();

/** One customer of a batch, with the CSV line it came from. */
export type BatchEntry = { ask: RequestAsk; line?: number };

/** A bad item: its index in `items` (or its CSV line) and the field. */
export type BatchItemError = { field: string; message: string; index?: number; line?: number; problem?: BatchInputProblem };

const columns = RequestAsk.shape;
const columnNames = Object.keys(columns) as (keyof typeof columns)[];
const booleanColumn = 'includeDelegatedAdminPrivileges';

type ParsedRow = { record: string[]; raw: string; info: { lines: number } };

/**
 * A CSV file with a header row naming the JSON fields, one customer per row. Every bad row is reported with its line
 * (the first line of a quoted field that spans several); nothing is returned unless every row is valid.
 */
export function parseCsvBatch(text: string): { entries: BatchEntry[] } | { errors: BatchItemError[] } {
  let rows: ParsedRow[];
  try {
    rows = parse(text.replace(/\r\n?/g, '\n'), {
      info: true,
      raw: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRow[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : undefined;
    return { errors: [{ field: '(csv)', message: error.message, ...(line !== undefined && { line }), problem: { kind: 'csvSyntax' } }] };
  }
  const [header, ...records] = rows;
  if (!header) return { errors: [{ field: '(csv)', message: 'the file is empty: give a header row, then one row per customer', line: 1, problem: { kind: 'emptyFile' } }] };

  const headerLine = firstLine(header);
  const names = header.record.map((name) => name.trim());
  const errors: BatchItemError[] = [];
  names.forEach((name, position) => {
    if (!(columnNames as string[]).includes(name)) {
      errors.push({ line: headerLine, field: name || `(column ${position + 1})`, message: `unknown column; the columns are ${columnNames.join(', ')}`, problem: { kind: 'unknownColumn' } });
    } else if (names.indexOf(name) !== position) errors.push({ line: headerLine, field: name, message: 'the column appears twice', problem: { kind: 'duplicateColumn' } });
  });
  for (const required of ['customerEmail', booleanColumn]) {
    if (!names.includes(required)) errors.push({ line: headerLine, field: required, message: 'required column missing', problem: { kind: 'missingColumn' } });
  }
  if (!names.includes('customerTenantId') && !names.includes('customerDomain')) {
    errors.push({ line: headerLine, field: 'customerTenantId', message: 'give a customerTenantId or a customerDomain column', problem: { kind: 'noCustomerColumn' } });
  }
  if (errors.length > 0) return { errors };
  if (records.length === 0) return { errors: [{ field: '(csv)', message: 'no rows after the header', problem: { kind: 'noRows' } }] };
  if (records.length > maxBatchItems) {
    return {
      errors: [{ field: '(csv)', message: `at most ${maxBatchItems} rows in one batch; this file has ${records.length}`, problem: { kind: 'tooManyRows', rows: records.length } }],
    };
  }

  const entries: BatchEntry[] = [];
  /** The row of each entry, for the duplicates among the good rows. */
  const rowOfEntry: number[] = [];
  records.forEach((row, index) => {
    const line = firstLine(row);
    if (row.record.length !== names.length) {
      errors.push({
        line,
        index,
        field: '(row)',
        message: `has ${row.record.length} fields; the header has ${names.length}`,
        problem: { kind: 'fieldCount', found: row.record.length, expected: names.length },
      });
      return;
    }
    const fields: Record<string, unknown> = {};
    names.forEach((name, position) => {
      const value = row.record[position]!.trim();
      if (value === '') return;
      if (name !== booleanColumn) fields[name] = value;
      else if (/^(true|false)$/i.test(value)) fields[name] = value.toLowerCase() === 'true';
      else errors.push({ line, index, field: name, message: 'must be true or false', problem: { kind: 'notBoolean' } });
    });
    if (errors.some((error) => error.line === line)) return;
    const parsed = RequestAsk.safeParse(fields);
    if (parsed.success) {
      entries.push({ ask: parsed.data, line });
      rowOfEntry.push(index);
    }
    else errors.push(...itemErrors(parsed.error).map((error) => ({ line, index, ...error, problem: { kind: 'invalidField' as const } })));
  });
  // A customer named twice is a bad line too, reported with the others so that one upload names every problem.
  const duplicates = duplicateErrors(entries).map((error) => ({ ...error, index: rowOfEntry[error.index!]! }));
  if (errors.length === 0 && duplicates.length === 0) return { entries };
  return { errors: [...errors, ...duplicates].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** Where a row starts: csv-parse counts the line a row ends on. */
function firstLine(row: ParsedRow): number {
  const inside = row.raw.replace(/^\n+/, '').replace(/\n$/, '');
  return row.info.lines - (inside.match(/\n/g)?.length ?? 0);
}

const itemErrors = (error: z.ZodError) =>
  error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(item)',
    message: issue.message,
  }));

/** JSON errors with the item's index beside the field's path (`items.6.customerEmail`). */
export const jsonBatchErrors = (error: z.ZodError): BatchItemError[] =>
  error.issues.map((issue) => {
    const [first, index] = issue.path;
    const field = issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(body)';
    return { field, message: issue.message, ...(first === 'items' && typeof index === 'number' && { index }) };
  });

/** A customer named twice in one batch would only meet its own open request: refused with the first item named. */
export function duplicateErrors(entries: BatchEntry[]): BatchItemError[] {
  const seen = new Map<string, number>();
  const errors: BatchItemError[] = [];
  entries.forEach(({ ask, line }, index) => {
    const field = ask.customerTenantId ? 'customerTenantId' : 'customerDomain';
    const key = `${field}:${ask.customerTenantId ?? ask.customerDomain}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      const firstLine = entries[first]?.line;
      const where = firstLine === undefined ? `item ${first}` : `line ${firstLine}`;
      errors.push({
        field,
        message: `the same customer as ${where}`,
        index,
        ...(line !== undefined && { line }),
        ...(firstLine !== undefined && { problem: { kind: 'duplicateCustomer' as const, firstLine } }),
      });
    }
  });
  return errors;
}

export function batchValidationProblem(errors: BatchItemError[]): ProblemInit {
  const where = (error: BatchItemError) =>
    error.line !== undefined ? `line ${error.line}` : error.index !== undefined ? `item ${error.index}` : 'body';
  const shown = errors.slice(0, 10).map((error) => `${where(error)}: ${error.field}: ${error.message}`);
  return {
    status: 400,
    slug: 'validation',
    title: 'Your request is not valid',
    detail: `Nothing was started. ${shown.join('; ')}${errors.length > shown.length ? `; and ${errors.length - shown.length} more` : ''}`,
    errors: errors.map(({ problem: _problem, ...error }) => error),
  };
}

/** The same customers in the same order, from JSON or CSV: what an `Idempotency-Key` is bound to. */
export const batchFingerprint = (entries: BatchEntry[]) =>
  createHash('sha256')
    .update(JSON.stringify(entries.map((entry) => entry.ask)))
    .digest('base64url');
