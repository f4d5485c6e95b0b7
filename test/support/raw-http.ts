import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** A raw TCP connection to a listening Veil, for clients that misbehave below HTTP (slow, idle). */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server has sent so far. */
  received(): string;
  /** Resolves once the server has closed (or reset) the connection, with what it sent. */
  readonly closed: Promise<string>;
  /** Writes `text` one character every `everyMs` until the connection closes or `text` runs out. */
  trickle(text: string, everyMs: number): Promise<number>;
}

/** Opens a raw connection to `url` (http://host:port). */
export async function openRawConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  // A reset (the server cut the connection off while we were writing) is a close like any other here.
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  let open = true;
  void closed.then(() => (open = false));
  return {
    socket,
    received: () => received,
    closed,
    trickle: async (text, everyMs) => {
      let sent = 0;
      for (const char of text) {
        if (!open) break;
        socket.write(char);
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
      return sent;
    },
  };
}

/** Fails with `what` if `promise` has not settled in `ms` (a guard against a hanging test, not a timing assert). */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}
