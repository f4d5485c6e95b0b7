import type { FastifyRequest } from 'fastify';

/** Where log lines go when not to standard output (a test harness's file): anything with `write`. */
export interface LogDestination {
  write(line: string): void;
}

/** What a log may say of an error: what kind it is and its codes. */
export interface LoggedError {
  type: string;
  code?: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  stack?: string;
  cause?: LoggedError;
}

const sqlState = /^[0-9A-Z]{5}$/;
// Tried first: Node's `EPERM` or `EBUSY` also has the shape of a SQLSTATE (no SQLSTATE class starts with E).
const systemCode = /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+|FST_[A-Z0-9_]+|[a-z]+(\.[a-z_]+)+)$/;

/**
 * The frames of a stack only. Its head repeats the message, which may span lines, even lines that look
 * like frames (a quoted value `"x\n    at y"`), so the head is cut off whole before frames are picked.
 */
function stackFrames(error: object, stack: string): string {
  const { message } = error as { message?: unknown };
  const at = typeof message === 'string' && message !== '' ? stack.indexOf(message) : -1;
  const afterHead = at === -1 ? stack : stack.slice(at + (message as string).length);
  return afterHead
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/**
 * An error as the log may show it: its type, its code (a Veil code, a Node or Fastify code, or the
 * database's SQLSTATE and constraint) and where it was thrown. Never its message, SQL, parameters or the
 * database's detail: those embed the values that were written (names, emails, token hashes).
 */
export function describeErrorForLog(error: unknown, depth = 0): LoggedError {
  if (error === null || typeof error !== 'object') return { type: typeof error };
  const fields = error as {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    stack?: unknown;
    cause?: unknown;
  };
  const described: LoggedError = { type: error.constructor?.name ?? 'Object' };
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  if (code !== undefined && systemCode.test(code)) described.code = code;
  else if (code !== undefined && sqlState.test(code)) described.sqlState = code;
  if (typeof fields.constraint === 'string') described.constraint = fields.constraint;
  if (typeof fields.table === 'string') described.table = fields.table;
  const frames = typeof fields.stack === 'string' ? stackFrames(error, fields.stack) : '';
  if (frames !== '') described.stack = frames;
  if (fields.cause !== undefined && depth < 2) described.cause = describeErrorForLog(fields.cause, depth + 1);
  return described;
}

/**
 * Request logs name the method and path only: query strings can carry emails and names, and
 * headers carry credentials, so neither is logged. Errors are logged through `describeErrorForLog`,
 * whoever logs them (Veil, Fastify, the job runner).
 */
export function createLoggerOptions(level: string, destination?: LogDestination) {
  return {
    level,
    ...(destination ? { stream: destination } : {}),
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        path: request.url.split('?')[0],
        id: request.id,
      }),
      // Fastify's type wants pino's error shape (with the message); leaving the message out is the point.
      err: ((error: unknown) => describeErrorForLog(error)) as unknown as (error: Error) => {
        type: string;
        message: string;
        stack: string;
      },
    },
  };
}
