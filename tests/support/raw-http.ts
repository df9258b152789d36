// HTTP/1.1 over a raw socket, for tests that need what fetch hides: a body sent byte by byte, a
// keep-alive connection held open, the moment the server closes it.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Write bytes as they are (a request, or part of one). */
  send(text: string): void;
  /** Write bytes, then resolve with the next whole response (status line, headers, Content-Length body). */
  request(text: string): Promise<string>;
  /** Resolves when the server (or anyone) closed the connection. */
  closed: Promise<void>;
}

export async function openConnection(port: number, host = '127.0.0.1'): Promise<RawConnection> {
  const socket = connect(port, host);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  // A reset by the server is how a cut-off connection may end; `closed` reports it either way.
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let buffered = '';
  let waiting: ((response: string) => void) | undefined;
  const takeResponse = () => {
    if (!waiting) return;
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
    if (Buffer.byteLength(buffered.slice(end + 4)) < length) return;
    const whole = buffered.slice(0, end + 4 + length);
    buffered = buffered.slice(whole.length);
    const deliver = waiting;
    waiting = undefined;
    deliver(whole);
  };
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    takeResponse();
  });
  return {
    socket,
    send: (text) => {
      if (!socket.destroyed) socket.write(text);
    },
    request: (text) =>
      new Promise<string>((resolve, reject) => {
        waiting = resolve;
        socket.write(text);
        void closed.then(() => reject(new Error(`connection closed before a whole response; got ${JSON.stringify(buffered.slice(0, 200))}`)));
        takeResponse();
      }),
    closed,
  };
}
