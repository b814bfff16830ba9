import { readFile } from 'node:fs/promises';
import { SeedFile } from '../domain/tenants.js';
import { connectDatabase } from '../platform/mongo.js';
import { seedDatabase } from '../platform/seed.js';
import { z } from 'zod';

const SeedEnv = z.object({
  MONGODB_URI: z.string().default('mongodb://127.0.0.1:27017/'),
  MONGODB_DB: z.string().default('reseller_relationships'),
});

const path = process.argv[2];
if (!path) {
  console.error('usage: npm run seed -- <file.json>   (see seed/demo.json for the shape)');
  process.exit(64);
}
const parsed = SeedFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
if (!parsed.success) {
  console.error(`${path} is not a valid seed file:`);
  for (const issue of parsed.error.issues) console.error(`  - ${issue.path.join('.')}: ${issue.message}`);
  process.exit(65);
}
const env = SeedEnv.parse(process.env);
const database = await connectDatabase(env.MONGODB_URI, env.MONGODB_DB);
try {
  const counts = await seedDatabase(database.collections, parsed.data);
  console.log(`seeded ${counts.partners} partners, ${counts.users} users, ${counts.customers} customers into ${env.MONGODB_DB}`);
} finally {
  await database.close();
}
