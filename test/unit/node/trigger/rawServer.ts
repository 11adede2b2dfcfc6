// A local TCP server that answers each request with bytes the test chooses, so tests can send
// what no well-behaved HTTP server would: control characters in the reason phrase, header names
// built from the secret, a body cut mid-way, a 101, a stream that never ends. Node's own
// http.Server validates what it writes and could not serve these.
import * as net from 'node:net';

/** How the body is delimited on the wire. */
export type Framing =
  /** Content-Length, then the whole body. */
  | 'length'
  | 'chunked'
  /** No length: the body ends when the server closes the connection. */
  | 'close'
  /** Content-Length larger than the body, then the connection closes: a server that dies mid-body. */
  | 'short'
  /** The body repeated until the client goes away: a body that never ends. */
  | 'endless';

export interface RawResponse {
  /** Latin-1: each character is one byte on the wire, control characters included. */
  statusLine: string;
  /** Latin-1 names and values, written as given. */
  headers: readonly (readonly [string, string])[];
  body: Uint8Array;
  framing: Framing;
}

export interface RawServer {
  baseUrl: string;
  /** The head of every request received (request line and headers), in order. */
  requests: string[];
  /** What the next requests get: bytes, or a function writing to the socket itself. */
  answer(response: RawResponse | ((socket: net.Socket) => void)): void;
  close(): Promise<void>;
}

export function responseBytes(response: RawResponse): Buffer {
  const headers = [...response.headers];
  const body = Buffer.from(response.body);
  if (response.framing === 'length') headers.push(['Content-Length', String(body.length)]);
  if (response.framing === 'short') headers.push(['Content-Length', String(body.length + 1000)]);
  if (response.framing === 'chunked') headers.push(['Transfer-Encoding', 'chunked']);
  const head = Buffer.from(`${response.statusLine}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`, 'latin1');
  if (response.framing !== 'chunked') return Buffer.concat([head, body]);
  const chunk = body.length ? [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')] : [];
  return Buffer.concat([head, ...chunk, Buffer.from('0\r\n\r\n')]);
}

function serve(socket: net.Socket, response: RawResponse): void {
  const bytes = responseBytes(response);
  if (response.framing !== 'endless') {
    socket.end(bytes);
    return;
  }
  socket.write(bytes);
  // Whole copies of the body, at least 1 KiB per write so the stream outruns any limit quickly
  // (whole: a copy cut short would be a different answer); stops when the client leaves.
  const body = response.body.length ? Buffer.from(response.body) : Buffer.from('x');
  const filler = Buffer.concat(Array.from({ length: Math.ceil(1024 / body.length) }, () => body));
  const pump = () => {
    while (!socket.destroyed && socket.write(filler));
  };
  socket.on('drain', pump);
  pump();
}

export async function startRawServer(): Promise<RawServer> {
  const requests: string[] = [];
  let current: RawResponse | ((socket: net.Socket) => void) = { statusLine: 'HTTP/1.1 200 OK', headers: [], body: new Uint8Array(), framing: 'length' };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // The client going away mid-write is expected (endless bodies, cut bodies).
    socket.on('error', () => undefined);
    let head = '';
    const onData = (data: Buffer) => {
      head += data.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      requests.push(head.slice(0, end));
      if (typeof current === 'function') current(socket);
      else serve(socket, current);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    answer: (response) => {
      current = response;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
