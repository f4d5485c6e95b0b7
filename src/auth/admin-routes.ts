/**
 * The two routes of a scope's admins (`PUT` and `DELETE …/admins/{accountId}` on an organization, a
 * site): the same contract shape, the scope's own guard, services and view. Written once, so the two
 * scopes cannot drift apart in how they authorize or answer.
 */
import type { FastifySchema } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { Caller } from './caller.ts';

export interface AdminRoutes<Params extends TObject, View extends TSchema> {
  /** The path, with the scope's parameter and `:accountId`. */
  readonly url: string;
  readonly tags: readonly string[];
  readonly params: Params;
  /** What `PUT` answers with: the scope, as its admins see it. */
  readonly view: View;
  readonly summaries: { readonly add: string; readonly remove: string };
  /** Throws unless the caller administers the scope the parameters name. */
  readonly authorize: (caller: Caller, params: Static<Params>) => void;
  /** Makes the admin; `caller` (authorized) is who does it, for the scope's audit record. */
  readonly add: (params: Static<Params>, caller: Caller) => Promise<Static<View>>;
  readonly remove: (params: Static<Params>, caller: Caller) => Promise<void>;
}

/** Registers `PUT` (make an admin; answers the scope) and `DELETE` (remove one; 204) for a scope. */
export function registerAdminRoutes<Params extends TObject, View extends TSchema>(
  app: VeilApp,
  routes: AdminRoutes<Params, View>,
): void {
  // One contract per route, for any scope: Fastify validates the parameters and serialises the answer
  // by it at run time, as for every route; the handlers read the parameters as the scope's type.
  const contract = (summary: string, response: Record<number, TSchema>): FastifySchema => ({
    tags: [...routes.tags],
    summary,
    params: routes.params,
    response,
  });
  app.put(
    routes.url,
    { schema: contract(routes.summaries.add, { 200: routes.view, ...veilErrors }) },
    (request) => {
      const params = request.params as Static<Params>;
      routes.authorize(request.caller, params);
      return routes.add(params, request.caller);
    },
  );
  app.delete(
    routes.url,
    { schema: contract(routes.summaries.remove, { 204: NoContent, ...veilErrors }) },
    async (request, reply) => {
      const params = request.params as Static<Params>;
      routes.authorize(request.caller, params);
      await routes.remove(params, request.caller);
      return reply.status(204).send(null);
    },
  );
}
