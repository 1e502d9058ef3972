// Route schemas compiled at their first use instead of at start: Fastify's own compilers (Ajv for requests,
// fast-json-stringify for responses), each route's validator or serializer built the first time a request needs it.

import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyInstance } from 'fastify';

type Fn = (...args: any[]) => any;

/**
 * Compiled eagerly, the ~100 routes' schemas cost a hub 0.6 CPU-s at every start (most of its start; docs/testing.md),
 * whether or not the routes are ever called. A route's first request now pays its own (a few ms, once).
 */
export interface LazySchemas {
  /** Fastify's `schemaController.compilersFactory`: the default compilers, each route's schema built at first use. */
  compilersFactory: { buildValidator: Fn; buildSerializer: Fn };
  /** Compiles every schema not used yet and answers how many there were: a schema that does not compile throws here. */
  compileAll(): number;
}

export function lazySchemas(): LazySchemas {
  const pending = new Set<() => Fn>();
  const validators = ValidatorSelector();
  const serializers = SerializerSelector();

  /** A compiler whose functions compile on first call (or first read of a property Fastify reads from them). */
  const deferred = (build: Fn): Fn => (...factoryArgs: unknown[]) => {
    const compile = build(...factoryArgs);
    return (routeSchema: unknown) => onFirstUse(() => compile(routeSchema));
  };

  function onFirstUse(compile: () => Fn): Fn {
    let compiled: Fn | null = null;
    const get = (): Fn => {
      if (!compiled) {
        compiled = compile();
        pending.delete(get);
      }
      return compiled;
    };
    pending.add(get);
    // Two arguments at most: an Ajv validator's (the value, where it sits), a serializer's (the value).
    const fn = (value: unknown, where?: unknown) => get()(value, where);
    // Fastify reads an Ajv validator's `schemaEnv` before calling it (to let it coerce the value in place) and its
    // `errors` after a refusal: both are the compiled function's.
    Object.defineProperties(fn, {
      schemaEnv: { get: () => (get() as { schemaEnv?: unknown }).schemaEnv },
      errors: { get: () => (compiled as { errors?: unknown } | null)?.errors },
    });
    return fn;
  }

  return {
    compilersFactory: { buildValidator: deferred(validators), buildSerializer: deferred(serializers) },
    compileAll() {
      const all = [...pending];
      for (const get of all) get();
      return all.length;
    },
  };
}

const byServer = new WeakMap<FastifyInstance, LazySchemas>();

/** Remembers the server's lazy compilers, for compileRouteSchemas. */
export function trackLazySchemas(app: FastifyInstance, schemas: LazySchemas): void {
  byServer.set(app, schemas);
}

/** Compiles every route schema of the server not used yet (the test that every schema compiles); answers how many. */
export const compileRouteSchemas = (app: FastifyInstance): number => byServer.get(app)?.compileAll() ?? 0;
