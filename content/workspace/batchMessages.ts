import type { BatchInputProblem } from '../../domain/batches.js';
import type { Locale } from '../locales.js';

type Outcome = 'pending' | 'invited' | 'alreadyOpen' | 'rejected' | 'unknownCustomer' | 'badInput' | 'cancelled';

/** What a bad CSV line's field is expected to hold, by column. */
type FieldExpectations = Record<string, string>;

const en = {
  nav: 'Bulk invitations',
  title: 'Bulk invitations',
  lead: 'Ask many existing customers at once: upload a CSV file with one customer per row. Every line is checked before anything is sent.',
  upload: {
    heading: 'Upload a CSV file',
    file: 'CSV file',
    hint: 'A header row, then one customer per row. Columns: customerTenantId or customerDomain, customerEmail, includeDelegatedAdminPrivileges (true or false); optional: locale (en or tr), message. At most 1,000 rows.',
    template: 'Download a template',
    send: 'Check and send the invitations',
    readOnly: 'Your role lets you follow bulk invitations; sending them needs an Admin agent or a Sales agent.',
  },
  refused: {
    heading: (count: number) => (count === 1 ? 'Nothing was sent: 1 problem in the file' : `Nothing was sent: ${count} problems in the file`),
    lead: 'Fix these lines and upload the file again.',
    caption: 'Problems in the file',
    columns: { line: 'Line', column: 'Column', problem: 'Problem' },
    noFile: 'Choose a CSV file to upload.',
    tooLarge: 'The file is too large: at most 1,000 rows.',
    quota: 'Your organisation has sent as many invitations as it may this hour. Try again later.',
  },
  problems: {
    csvSyntax: () => 'The file is not valid CSV here (check its quotes).',
    emptyFile: () => 'The file is empty: give a header row, then one row per customer.',
    noRows: () => 'There is no row after the header.',
    noCustomerColumn: () => 'Name the customers: give a customerTenantId or a customerDomain column.',
    unknownColumn: (field: string) => `Unknown column “${field}”.`,
    duplicateColumn: (field: string) => `The column “${field}” appears twice.`,
    missingColumn: (field: string) => `The column “${field}” is required.`,
    notBoolean: () => 'Write true or false.',
    tooManyRows: (rows: number) => `At most 1,000 customers in one file; this one has ${rows}.`,
    fieldCount: (found: number, expected: number) => `This line has ${found} fields; the header has ${expected}.`,
    duplicateCustomer: (firstLine: number) => `The same customer as line ${firstLine}.`,
    invalid: {
      customerTenantId: 'Give either a tenant ID or a domain for each customer, and only one.',
      customerDomain: 'Not a domain name.',
      customerEmail: 'Not an email address.',
      locale: 'Write en or tr.',
      message: 'At most 1,000 characters.',
      indirectResellerId: 'At most 64 characters.',
      other: 'This value is not valid.',
    } as FieldExpectations,
  },
  list: {
    caption: 'Your bulk invitations, newest first',
    columns: { created: 'Sent', by: 'By', status: 'Status', progress: 'Done', invited: 'Invited' },
    empty: 'No bulk invitation yet.',
  },
  statuses: { running: 'Running', completed: 'Completed', cancelled: 'Stopped' } as Record<string, string>,
  detail: {
    back: 'All bulk invitations',
    title: (date: string) => `Bulk invitation of ${date}`,
    by: (email: string) => `Sent by ${email}.`,
    progress: 'Progress',
    done: (done: number, total: number) => `${done} of ${total} done`,
    running: 'The invitations are being sent. This page updates itself; without scripts, reload it.',
    refresh: 'Reload',
    counts: 'Outcomes',
    outcomes: {
      pending: 'Waiting',
      invited: 'Invited',
      alreadyOpen: 'A request was already open',
      rejected: 'Refused by a rule',
      unknownCustomer: 'No such customer',
      badInput: 'Not valid',
      cancelled: 'Not sent: stopped',
    } satisfies Record<Outcome, string> as Record<string, string>,
    items: 'Customers of this file',
    columns: { line: 'Line', customer: 'Customer', email: 'Email', outcome: 'Outcome', request: 'Request' },
    openRequest: 'Open the request',
    download: 'Download the outcomes (CSV)',
    stop: 'Stop sending',
    stopReason: 'Reason (optional)',
    stopped: 'Sending stopped. Invitations already sent stay open.',
    finished: 'The batch had already finished.',
  },
};

const tr: typeof en = {
  nav: 'Toplu davetler',
  title: 'Toplu davetler',
  lead: 'Birçok mevcut müşteriye aynı anda sorun: her satırda bir müşteri olan bir CSV dosyası yükleyin. Hiçbir şey gönderilmeden önce her satır denetlenir.',
  upload: {
    heading: 'CSV dosyası yükleyin',
    file: 'CSV dosyası',
    hint: 'Bir başlık satırı, ardından her satırda bir müşteri. Sütunlar: customerTenantId veya customerDomain, customerEmail, includeDelegatedAdminPrivileges (true veya false); isteğe bağlı: locale (en veya tr), message. En çok 1.000 satır.',
    template: 'Şablonu indirin',
    send: 'Denetle ve davetleri gönder',
    readOnly: 'Rolünüz toplu davetleri izlemenize izin verir; göndermek için yönetici aracı veya satış aracısı gerekir.',
  },
  refused: {
    heading: (count: number) => `Hiçbir şey gönderilmedi: dosyada ${count} sorun var`,
    lead: 'Bu satırları düzeltip dosyayı yeniden yükleyin.',
    caption: 'Dosyadaki sorunlar',
    columns: { line: 'Satır', column: 'Sütun', problem: 'Sorun' },
    noFile: 'Yüklemek için bir CSV dosyası seçin.',
    tooLarge: 'Dosya çok büyük: en çok 1.000 satır.',
    quota: 'Kuruluşunuz bu saat içinde gönderebileceği kadar davet gönderdi. Daha sonra yeniden deneyin.',
  },
  problems: {
    csvSyntax: () => 'Dosya bu noktada geçerli bir CSV değil (tırnak işaretlerini denetleyin).',
    emptyFile: () => 'Dosya boş: bir başlık satırı, ardından her müşteri için bir satır yazın.',
    noRows: () => 'Başlıktan sonra satır yok.',
    noCustomerColumn: () => 'Müşterileri belirtin: bir customerTenantId veya customerDomain sütunu ekleyin.',
    unknownColumn: (field: string) => `Bilinmeyen sütun: “${field}”.`,
    duplicateColumn: (field: string) => `“${field}” sütunu iki kez geçiyor.`,
    missingColumn: (field: string) => `“${field}” sütunu gerekli.`,
    notBoolean: () => 'true veya false yazın.',
    tooManyRows: (rows: number) => `Bir dosyada en çok 1.000 müşteri olabilir; bu dosyada ${rows} var.`,
    fieldCount: (found: number, expected: number) => `Bu satırda ${found} alan var; başlıkta ${expected} var.`,
    duplicateCustomer: (firstLine: number) => `${firstLine}. satırdaki müşteriyle aynı.`,
    invalid: {
      customerTenantId: 'Her müşteri için bir kiracı kimliği veya bir etki alanı verin, yalnızca birini.',
      customerDomain: 'Bir etki alanı adı değil.',
      customerEmail: 'Bir e-posta adresi değil.',
      locale: 'en veya tr yazın.',
      message: 'En çok 1.000 karakter.',
      indirectResellerId: 'En çok 64 karakter.',
      other: 'Bu değer geçerli değil.',
    },
  },
  list: {
    caption: 'Toplu davetleriniz, en yenisi önce',
    columns: { created: 'Gönderildi', by: 'Gönderen', status: 'Durum', progress: 'Tamamlanan', invited: 'Davet edilen' },
    empty: 'Henüz toplu davet yok.',
  },
  statuses: { running: 'Sürüyor', completed: 'Tamamlandı', cancelled: 'Durduruldu' },
  detail: {
    back: 'Tüm toplu davetler',
    title: (date: string) => `${date} tarihli toplu davet`,
    by: (email: string) => `Gönderen: ${email}.`,
    progress: 'İlerleme',
    done: (done: number, total: number) => `${total} müşteriden ${done} tamamlandı`,
    running: 'Davetler gönderiliyor. Bu sayfa kendini günceller; betikler kapalıysa sayfayı yeniden yükleyin.',
    refresh: 'Yeniden yükle',
    counts: 'Sonuçlar',
    outcomes: {
      pending: 'Bekliyor',
      invited: 'Davet edildi',
      alreadyOpen: 'Zaten açık bir istek vardı',
      rejected: 'Bir kural nedeniyle geri çevrildi',
      unknownCustomer: 'Böyle bir müşteri yok',
      badInput: 'Geçerli değil',
      cancelled: 'Gönderilmedi: durduruldu',
    },
    items: 'Bu dosyanın müşterileri',
    columns: { line: 'Satır', customer: 'Müşteri', email: 'E-posta', outcome: 'Sonuç', request: 'İstek' },
    openRequest: 'İsteği aç',
    download: 'Sonuçları indirin (CSV)',
    stop: 'Göndermeyi durdur',
    stopReason: 'Neden (isteğe bağlı)',
    stopped: 'Gönderme durduruldu. Gönderilmiş davetler açık kalır.',
    finished: 'Toplu davet zaten bitmişti.',
  },
};

export type BatchMessages = typeof en;
export const batchMessages: Record<Locale, BatchMessages> = { en, tr };

/** A bad line of an uploaded file, explained in the reader's language. */
export function explainBatchProblem(locale: Locale, error: { field: string; problem?: BatchInputProblem | undefined }): string {
  const m = batchMessages[locale].problems;
  const problem = error.problem;
  switch (problem?.kind) {
    case 'csvSyntax':
    case 'emptyFile':
    case 'noRows':
    case 'noCustomerColumn':
    case 'notBoolean':
      return m[problem.kind]();
    case 'unknownColumn':
    case 'duplicateColumn':
    case 'missingColumn':
      return m[problem.kind](error.field);
    case 'tooManyRows':
      return m.tooManyRows(problem.rows);
    case 'fieldCount':
      return m.fieldCount(problem.found, problem.expected);
    case 'duplicateCustomer':
      return m.duplicateCustomer(problem.firstLine);
    default:
      return m.invalid[error.field] ?? m.invalid.other!;
  }
}
