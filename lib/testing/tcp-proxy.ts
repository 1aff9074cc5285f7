import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy for tests that need a database (or any server) to vanish and come back: `cut()`
 * drops every open connection and refuses new ones, exactly as a crashed server would;
 * `restore()` listens again on the same port.
 *
 *   const proxy = await startTcpProxy(5432);
 *   // connect to 127.0.0.1:proxy.port … proxy.cut() … proxy.restore()
 */
export interface TcpProxy {
  port: number;
  /** refuse new connections and reset the open ones */
  cut(): Promise<void>;
  /** accept connections again, on the same port */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    // either side ending or failing ends the pair; errors are expected when the proxy cuts
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  let isListening = true;

  const cut = async () => {
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
    if (!isListening) return;
    isListening = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    cut,
    restore: async () => {
      if (isListening) return;
      await listen(port);
      isListening = true;
    },
    close: cut,
  };
}
