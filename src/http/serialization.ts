import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * Fastify's own response serialisers (fast-json-stringify, from each route's response schema), made to
 * remember the JSON of frozen objects. The directory hands out one frozen object per user and viewer
 * kind until the account changes (then it is a new object), so a hot read route serialises each one
 * once. Every byte still comes from the route's schema: a field it does not name cannot leave.
 */
export const buildRememberingSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    // Compiled when first used: most routes of a process never answer, and compiling every one at
    // start took about half a second.
    let compiled: ((payload: unknown) => string) | undefined;
    const serialize = (payload: unknown) => {
      compiled ??= compile(route);
      return compiled(payload);
    };
    const remembered = new WeakMap<object, string>();
    return (payload: unknown) => {
      if (payload === null || typeof payload !== 'object' || !Object.isFrozen(payload))
        return serialize(payload);
      let json = remembered.get(payload);
      if (json === undefined) {
        json = serialize(payload);
        remembered.set(payload, json);
      }
      return json;
    };
  };
};
