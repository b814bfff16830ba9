import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultLocale, formatDate, Locale, pickLocale } from '../../content/locales.js';
import { messages } from '../../content/messages.js';

describe('locale choice', () => {
  test('takes the first candidate whose primary language is supported', () => {
    assert.equal(pickLocale('tr-TR'), 'tr');
    assert.equal(pickLocale('TR'), 'tr');
    assert.equal(pickLocale('tr_TR'), 'tr');
    assert.equal(pickLocale('en-US', 'tr'), 'en');
    assert.equal(pickLocale(undefined, 'de', 'tr-TR'), 'tr');
    assert.equal(pickLocale(null, '', '  tr  '), 'tr');
  });
  test('reads an Accept-Language value in its order', () => {
    assert.equal(pickLocale('de-DE,tr;q=0.8,en;q=0.5'), 'tr');
    assert.equal(pickLocale('en-GB,en;q=0.9,tr;q=0.8'), 'en');
  });
  test('falls back to English', () => {
    assert.equal(defaultLocale, 'en');
    assert.equal(pickLocale('fr-FR', null), 'en');
    assert.equal(pickLocale('trk', 'english'), 'en');
    assert.equal(pickLocale(), 'en');
    assert.deepEqual(Locale.options, ['en', 'tr']);
  });
});

describe('dates', () => {
  test('are written in full, in UTC, in each language', () => {
    assert.equal(formatDate('2026-12-25T10:00:00Z', 'en'), '25 December 2026 (UTC)');
    assert.equal(formatDate('2026-12-25T10:00:00Z', 'tr'), '25 Aralık 2026 (UTC)');
    assert.equal(formatDate(new Date('2026-08-31T23:30:00-02:00'), 'tr'), '1 Eylül 2026 (UTC)', 'the UTC day, not the local one');
  });
  test('a value that is not a date is shown as given rather than throwing', () => {
    assert.equal(formatDate('soon', 'en'), 'soon');
  });
});

describe('the dictionary', () => {
  /** Every string a message yields, calling functions with a placeholder for each fact. */
  const leaves = (value: unknown, path: string): [string, string][] => {
    if (typeof value === 'string') return [[path, value]];
    if (typeof value === 'function') return [[path, String((value as (...a: string[]) => unknown)('X', 'Y'))]];
    return Object.entries(value as object).flatMap(([key, inner]) => leaves(inner, `${path}.${key}`));
  };
  test('English and Turkish have the same messages, none empty', () => {
    const en = leaves(messages.en, 'en');
    const tr = leaves(messages.tr, 'tr');
    assert.deepEqual(en.map(([path]) => path.slice(3)), tr.map(([path]) => path.slice(3)));
    for (const [path, text] of [...en, ...tr]) assert.ok(text.trim().length > 0, `${path} is empty`);
  });
  test('Turkish is written with its own letters, not ASCII stand-ins', () => {
    const all = leaves(messages.tr, 'tr').map(([, text]) => text).join(' ');
    for (const letter of ['ı', 'ş', 'ğ', 'ü', 'ö', 'ç', 'İ']) assert.ok(all.includes(letter), `no ${letter}`);
    for (const ascii of [/\bilis?kisi\b/, /\bSozlesme/, /\bortagi\b/, /\byonetici/, /\bkiraci\b/]) assert.doesNotMatch(all, ascii);
  });
});
