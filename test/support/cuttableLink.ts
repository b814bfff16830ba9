import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP link to a real server that a test can cut and restore: cutting drops every open connection and stops
 * listening (new connections are refused, as by a server that is down); restoring listens again on the same port.
 * The processes behind it see a real outage of the server, while everything else keeps using it directly.
 */
export async function startCuttableLink(target: { host: string; port: number }) {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', drop).on('close', drop);
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    port,
    async cut() {
      const closed = stopListening();
      for (const socket of open) socket.destroy();
      open.clear();
      await closed;
    },
    restore: () => listen(port).then(() => undefined),
    async close() {
      for (const socket of open) socket.destroy();
      if (server.listening) await stopListening();
    },
  };
}

/** The same MongoDB URI, through the link. */
export function throughLink(mongoUri: string, port: number): string {
  const url = new URL(mongoUri);
  url.host = `127.0.0.1:${port}`;
  return url.toString();
}
