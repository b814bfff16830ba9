import { z } from 'zod';
import { connectDatabase } from '../platform/mongo.js';

/** Prints the newest dev-outbox emails (used when RESEND_API_KEY is not set). */
const env = z
  .object({
    MONGODB_URI: z.string().default('mongodb://127.0.0.1:27017/'),
    MONGODB_DB: z.string().default('reseller_relationships'),
  })
  .parse(process.env);
const count = Number(process.argv[2] ?? 5);
const database = await connectDatabase(env.MONGODB_URI, env.MONGODB_DB);
try {
  const emails = await database.collections.outbox.find().sort({ createdAt: -1 }).limit(count).toArray();
  if (emails.length === 0) console.log('The dev outbox is empty.');
  for (const email of emails.reverse()) {
    console.log(`──── ${email.createdAt.toISOString()}  ${email._id}\nTo: ${email.to.join(', ')}\nSubject: ${email.subject}\n\n${email.text}\n`);
  }
} finally {
  await database.close();
}
