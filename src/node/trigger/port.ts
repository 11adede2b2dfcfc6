import * as net from 'node:net';

/** A port nothing listens on right now, chosen by the OS on the loopback interface. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections at host:port right now. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, autoSelectFamily: true });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface WaitOptions {
  /** Give up after this long (resolves false). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Also give up when this resolves, e.g. the server process exiting. */
  until?: Promise<unknown>;
}

/**
 * Resolves true as soon as the port accepts connections: polls with a short, growing
 * interval instead of sleeping a fixed time, so a fast server is used the moment it listens.
 */
export async function waitForPort(host: string, port: number, options: WaitOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let stopped = false;
  void options.until?.then(
    () => (stopped = true),
    () => (stopped = true),
  );
  let interval = 50;
  while (!stopped && !options.signal?.aborted && Date.now() < deadline) {
    if (await portAnswers(host, port, Math.min(1000, Math.max(1, deadline - Date.now())))) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, interval);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
    interval = Math.min(interval * 2, 500);
  }
  return false;
}
