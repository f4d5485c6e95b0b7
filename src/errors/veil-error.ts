import { type ErrorCode, errorCatalogue } from './catalogue.ts';

/** One problem with one part of a request or file, located by a JSON path or parameter name. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** The one error type Veil throws on purpose; its status comes from the catalogue. */
export class VeilError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = 'VeilError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

/** True when `error` is a VeilError with the given code. */
export function isVeilError(error: unknown, code?: ErrorCode): error is VeilError {
  return error instanceof VeilError && (code === undefined || error.code === code);
}
