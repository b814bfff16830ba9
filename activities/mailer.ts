import type { Config } from '../platform/config.js';
import { ApplicationFailure } from '@temporalio/common';
import { Resend } from 'resend';
import type { Collections } from '../platform/mongo.js';

export type OutgoingEmail = {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Same key, same email: a retried send is delivered once. */
  idempotencyKey: string;
};

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  /** Several emails of one step, in order; a transport that can hands them over at once. */
  sendAll?(emails: OutgoingEmail[]): Promise<void>;
}

/** Production transport: the Resend SDK, idempotency keys passed through. */
export function createResendMailer(options: { apiKey: string; from: string; baseUrl?: string }): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    async send(email) {
      const { error } = await resend.emails.send(
        { from: options.from, to: email.to, subject: email.subject, text: email.text, html: email.html },
        { idempotencyKey: email.idempotencyKey },
      );
      if (!error) return;
      const statusCode = 'statusCode' in error ? error.statusCode : null;
      // 4xx other than rate limits and idempotency races will not heal by retrying.
      const permanent = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && ![409, 429].includes(statusCode);
      throw ApplicationFailure.create({
        type: 'EmailRejected',
        message: `Resend refused the email (${statusCode ?? 'no status'}): ${error.message}`,
        nonRetryable: permanent,
      });
    },
  };
}

/** Development transport: messages land in the `outbox` collection, one per idempotency key, a step's in one write. */
export function createOutboxMailer(options: { collections: Collections; from: string }): Mailer {
  const upsertOf = (email: OutgoingEmail, createdAt: Date) => ({
    updateOne: {
      filter: { _id: email.idempotencyKey },
      update: { $setOnInsert: { to: email.to, from: options.from, subject: email.subject, text: email.text, html: email.html, createdAt } },
      upsert: true,
    },
  });
  const sendAll = async (emails: OutgoingEmail[]) => {
    const createdAt = new Date();
    await options.collections.outbox.bulkWrite(
      emails.map((email) => upsertOf(email, createdAt)),
      { ordered: true },
    );
  };
  return { send: (email) => sendAll([email]), sendAll };
}

export function mailerFromConfig(config: Config, collections: Collections): { mailer: Mailer; transport: string } {
  if (config.RESEND_API_KEY) {
    return {
      mailer: createResendMailer({
        apiKey: config.RESEND_API_KEY,
        from: config.EMAIL_FROM,
        ...(config.RESEND_BASE_URL && { baseUrl: config.RESEND_BASE_URL }),
      }),
      transport: 'resend',
    };
  }
  return { mailer: createOutboxMailer({ collections, from: config.EMAIL_FROM }), transport: 'outbox' };
}
