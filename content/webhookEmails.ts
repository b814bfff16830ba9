import { render, type RenderedEmail } from './emails.js';
import { formatDate, type Locale } from './locales.js';

export type WebhookEndpointDisabledNotice = {
  locale: Locale;
  partnerName: string;
  endpointId: string;
  url: string;
  failingSince: Date | string;
};

const texts: Record<Locale, {
  subject: string;
  body: (partner: string, url: string, since: string) => string;
  next: string;
  reference: (id: string) => string;
}> = {
  en: {
    subject: 'A webhook endpoint was disabled',
    body: (partner, url, since) =>
      `No delivery to the webhook endpoint ${url} of ${partner} has succeeded since ${since}, so the endpoint was disabled: it receives no more events.`,
    next: 'Once the receiver works again, register it again (POST /v1/webhook-endpoints). Its delivery attempts, each with its status code or error, can be seen at GET /v1/webhook-endpoints/{id}/deliveries.',
    reference: (id) => `Endpoint ID: ${id}`,
  },
  tr: {
    subject: 'Bir web kancası uç noktası devre dışı bırakıldı',
    body: (partner, url, since) =>
      `${partner} adına kayıtlı ${url} web kancası uç noktasına ${since} tarihinden bu yana hiçbir teslim denemesi başarılı olmadığı için uç nokta devre dışı bırakıldı: artık olay almayacak.`,
    next: 'Alıcı yeniden çalıştığında uç noktayı yeniden kaydedin (POST /v1/webhook-endpoints). Teslim denemeleri, her birinin durum kodu veya hatasıyla birlikte, GET /v1/webhook-endpoints/{id}/deliveries adresinden görülebilir.',
    reference: (id) => `Uç nokta kimliği: ${id}`,
  },
};

/** To the partner's Admin agents, when an endpoint has failed for the whole retry window and was disabled. */
export function renderWebhookEndpointDisabled(n: WebhookEndpointDisabledNotice): RenderedEmail {
  const m = texts[n.locale];
  return render(n.locale, m.subject, [
    { p: m.body(n.partnerName, n.url, formatDate(n.failingSince, n.locale)) },
    { p: m.next },
    { p: m.reference(n.endpointId) },
  ]);
}
