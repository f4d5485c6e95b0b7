import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { parseInstant } from '../clock/instant.ts';
import { assertSafeText, describeUnsafeText, isCleanName, uncleanNameMessage } from './input-hygiene.ts';
import type { VeilApp } from './server.ts';

/** The format of names people give (display, group, project, organization and app names): see `isCleanName`. */
export const nameFormat = 'veil-name';

/**
 * The largest integer a request may carry where its contract names no maximum: PostgreSQL's `integer`,
 * so that no query parameter or body field can reach the store as a number it cannot hold.
 */
export const largestRequestInteger = 2_147_483_647;

/** Veil's own formats, on any Ajv: names, and instants read by the one parser scenario files use too. */
export function addVeilFormats(ajv: Ajv): Ajv {
  addFormats.default(ajv);
  ajv.addFormat(nameFormat, { type: 'string', validate: isCleanName });
  ajv.addFormat('date-time', { type: 'string', validate: (text) => parseInstant(text) !== undefined });
  return ajv;
}

function createAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  return addVeilFormats(ajv);
}

/** `schema` with `largestRequestInteger` (and its negative) as the bounds of every integer that has none. */
export function boundIntegers(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundIntegers);
  if (schema === null || typeof schema !== 'object') return schema;
  const bounded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) bounded[key] = boundIntegers(value);
  const types = [bounded.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    if (bounded.maximum === undefined && bounded.exclusiveMaximum === undefined)
      bounded.maximum = largestRequestInteger;
    if (bounded.minimum === undefined && bounded.exclusiveMinimum === undefined)
      bounded.minimum = -largestRequestInteger;
  }
  return bounded;
}

/** Ajv's errors, with Veil's words for its own formats. */
export function explainFormats(errors: ErrorObject[]): ErrorObject[] {
  return errors.map((error) => {
    if (error.keyword !== 'format') return error;
    const format = (error.params as { format?: string }).format;
    if (format === nameFormat) return { ...error, message: uncleanNameMessage };
    if (format === 'date-time')
      return {
        ...error,
        message: 'must be an ISO 8601 instant with an offset, such as 2027-01-01T00:00:00Z',
      };
    return error;
  });
}

/**
 * The validator `compile` makes, compiled when it is first called (most routes of a process never are,
 * and compiling every one at start took about a second), with its format errors explained.
 */
function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let validate: ValidateFunction | undefined;
  const explained = ((data: unknown) => {
    validate ??= compile();
    const valid = validate(data);
    explained.errors = validate.errors ? explainFormats(validate.errors) : validate.errors;
    return valid;
  }) as ValidateFunction;
  return explained;
}

/**
 * Bodies are validated strictly (a number where a string belongs is an error, an unknown field is an
 * error); query strings and path parameters arrive as text, so they are coerced to their declared types.
 * Every integer is bounded (`boundIntegers`).
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = createAjv(false);
  const coercing = createAjv('array');
  return ({ schema, httpPart }) =>
    compiledOnFirstUse(() =>
      (httpPart === 'body' ? strict : coercing).compile(boundIntegers(schema) as object),
    );
}

/**
 * Whether a flat record (params, query, headers, cookies) holds a refused string, in a value or a name
 * (`?a%00b=1`); cheap when it does not.
 */
function holdsUnsafeText(record: object | undefined): boolean {
  if (!record) return false;
  for (const [name, value] of Object.entries(record)) {
    if (describeUnsafeText(name)) return true;
    if (typeof value === 'string' ? describeUnsafeText(value) : typeof value === 'object') return true;
  }
  return false;
}

/**
 * Before anything reads a request (authentication included): path parameters, query, headers and
 * cookies must hold no text Veil refuses (`describeUnsafeText`), or the answer is a 400 naming where.
 */
export function refuseUnsafeRequestText(request: FastifyRequest): void {
  const parts = [
    ['params', request.params],
    ['querystring', request.query],
    ['headers', request.headers],
    ['cookies', request.cookies],
  ] as const;
  for (const [part, record] of parts) {
    if (holdsUnsafeText(record as object | undefined)) assertSafeText(record, part);
  }
}

/** The same for the parsed body, before its contract is checked. */
export function refuseUnsafeBodyText(request: FastifyRequest): void {
  if (request.body !== undefined && request.body !== null) assertSafeText(request.body, 'body');
}

/** Puts the two checks before everything else that reads a request; hooks in callback style, as reads are hot. */
export function registerInputHygiene(app: VeilApp): void {
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      refuseUnsafeRequestText(request);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      refuseUnsafeBodyText(request);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}
