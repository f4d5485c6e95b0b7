/**
 * A database error reaches the log by its codes and the request id only (issue 11: `handleError` logged
 * the raw error, and with it SQL parameters: names, emails, token hashes). Real errors of each backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../../src/db/store.ts';
import { handleError } from '../../src/http/errors.ts';
import { createLoggerOptions, describeErrorForLog } from '../../src/http/logging.ts';
import { testBackends } from '../support/backends.ts';

const personal = 'Mia Krystof <mia@acme.test>';

for (const backend of testBackends()) {
  describe(`error logs on ${backend.name}`, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store.close());

    /** The error the database gives for a query that quotes `value` back. */
    async function databaseErrorQuoting(value: string): Promise<unknown> {
      try {
        await sql`select ${value}::integer`.execute(store.db);
      } catch (error) {
        return error;
      }
      assert.fail('the database took the value as an integer');
    }

    it('names the error code, SQLSTATE and request id of a database error, never its values', async () => {
      const lines: string[] = [];
      const app = Fastify({ logger: createLoggerOptions('info', { write: (line) => lines.push(line) }) });
      app.setErrorHandler(handleError);
      app.get('/veil/v1/boom', async () => {
        throw await databaseErrorQuoting(personal);
      });
      const response = await app.inject({ url: '/veil/v1/boom' });
      await app.close();
      assert.equal(response.statusCode, 500);
      assert.ok(!response.body.includes('Mia'), response.body);
      const logged = lines.join('');
      assert.ok(!logged.includes('Mia') && !logged.includes('mia@'), logged);
      assert.ok(!/select|integer/i.test(logged), 'no SQL and no message of the database');
      const record = lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 50);
      assert.equal(record.code, 'internal.unexpected');
      assert.equal(record.err.sqlState, '22P02');
      assert.equal(record.reqId, response.json().requestId);
      assert.match(record.err.stack, /^\s+at /, 'where it was thrown is kept');
    });

    it('describes the error a plain logger would have printed with the values in it', async () => {
      const error = await databaseErrorQuoting(personal);
      assert.match((error as Error).message, /Mia Krystof/, 'the database quotes the value back');
      assert.ok(!JSON.stringify(describeErrorForLog(error)).includes('Mia'));
    });
  });
}
