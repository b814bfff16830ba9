import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { startServices } from './services/index.js';

const Ports = z.object({
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  MONGODB_PORT: z.coerce.number().int().min(1).max(65535).default(27017),
});
const ports = Ports.parse(process.env);
const stateDir = fileURLToPath(new URL('../.data', import.meta.url));

try {
  const services = await startServices({
    stateDir,
    temporalPort: ports.TEMPORAL_PORT,
    uiPort: ports.TEMPORAL_UI_PORT,
    mongoPort: ports.MONGODB_PORT,
    log: (line) => console.log(line),
  });
  console.log(`TEMPORAL_ADDRESS=${services.temporalAddress}`);
  console.log(`MONGODB_URI=${services.mongoUri}`);
  if (services.temporalUiUrl) console.log(`Temporal UI: ${services.temporalUiUrl}`);
  console.log(`State in ${stateDir}. Ctrl-C stops both.`);
  const shutdown = async () => {
    await services.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
