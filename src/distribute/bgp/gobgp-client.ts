// A client of GoBGP's gRPC API (apipb.GobgpApi) for the three calls the announcer makes: AddPath, DeletePath and
// ListPath on the global RIB. Transport only (grpc-js, protobufjs serialisers); never decides what to announce.

import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { apiFamily, createRouteCodec, loadGobgpProtos, type ApiPath, type RouteCodec } from './route-codec.ts';
import type { Route, RouteFamily } from './routes.ts';

export interface GobgpClientOptions {
  /** `host:port` of gobgpd's API (`--api-hosts`). */
  address: string;
  /** Longest one unary call may take. */
  callTimeoutMs?: number;
  /** Longest a whole ListPath may take (a large RIB streams for a while). */
  listTimeoutMs?: number;
}

/** What a ListPath reported: every path's route and whether GoBGP holds it locally (not learnt from a peer). */
export type RibPath = NonNullable<ReturnType<RouteCodec['decode']>>;

const METHODS = ['AddPath', 'DeletePath', 'ListPath'] as const;

let protos: protobuf.Root | null = null;

export function createGobgpClient(opts: GobgpClientOptions) {
  protos ??= loadGobgpProtos();
  const codec = createRouteCodec(protos);
  const Client = grpc.makeGenericClientConstructor(serviceDefinition(protos, METHODS), 'GobgpApi');
  // Reconnect quickly: a restarted gobgpd is empty until the announcer notices it is back and re-announces.
  const client = new Client(opts.address, grpc.credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 200, 'grpc.min_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': 2000,
  }) as unknown as Record<string, (...args: unknown[]) => any>;
  const callTimeoutMs = opts.callTimeoutMs ?? 5000;
  const deadline = (ms: number) => ({ deadline: Date.now() + ms });

  function unary(method: 'AddPath' | 'DeletePath', request: object): Promise<unknown> {
    return new Promise((resolve, reject) => {
      client[method]!(request, deadline(callTimeoutMs), (err: grpc.ServiceError | null, res: unknown) => (err ? reject(err) : resolve(res)));
    });
  }

  let closed = false;
  return {
    /** Announces `route` (replacing a local path with the same NLRI). */
    async addPath(route: Route): Promise<void> {
      await unary('AddPath', { table_type: 'GLOBAL', path: codec.encode(route) });
    },

    /** Withdraws the local path with the route's NLRI. */
    async deletePath(route: Route): Promise<void> {
      await unary('DeletePath', { table_type: 'GLOBAL', family: apiFamily(route.family), path: codec.encode(route) });
    },

    /** Every path of the family in the global RIB that has a shape Quorum writes (others are skipped, never touched). */
    async listPaths(family: RouteFamily): Promise<RibPath[]> {
      const stream = client.ListPath!({ table_type: 'GLOBAL', family: apiFamily(family) }, deadline(opts.listTimeoutMs ?? 60_000)) as AsyncIterable<{ destination: { paths: ApiPath[] } }>;
      const out: RibPath[] = [];
      for await (const { destination } of stream) {
        for (const p of destination?.paths ?? []) {
          const decoded = codec.decode(p);
          if (decoded) out.push(decoded);
        }
      }
      return out;
    },

    /**
     * Calls `onChange(true)` each time the connection to gobgpd becomes ready and `onChange(false)` when it is lost;
     * keeps trying to connect (with grpc-js's backoff) while it is down.
     */
    watch(onChange: (up: boolean) => void): void {
      const channel = (client as unknown as grpc.Client).getChannel();
      let wasUp = false;
      const follow = () => {
        if (closed) return;
        const state = channel.getConnectivityState(true);
        const up = state === grpc.connectivityState.READY;
        if (up !== wasUp) onChange((wasUp = up));
        if (state !== grpc.connectivityState.SHUTDOWN) channel.watchConnectivityState(state, Infinity, follow);
      };
      follow();
    },

    close(): void {
      closed = true;
      (client as unknown as grpc.Client).close();
    },
  };
}

export type GobgpClient = ReturnType<typeof createGobgpClient>;

/** grpc-js method definitions for the named GobgpApi calls, serialised by the protos' own message types. */
export function serviceDefinition(root: protobuf.Root, methods: readonly string[]): grpc.ServiceDefinition {
  const service = root.lookupService('apipb.GobgpApi');
  const def: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const name of methods) {
    const method = service.methods[name]!.resolve() as protobuf.Method;
    const req = method.resolvedRequestType!;
    const res = method.resolvedResponseType!;
    def[name] = {
      path: `/apipb.GobgpApi/${name}`,
      requestStream: false,
      responseStream: Boolean(method.responseStream),
      requestSerialize: (o: object) => Buffer.from(req.encode(req.fromObject(o)).finish()),
      requestDeserialize: (b: Buffer) => req.toObject(req.decode(b)),
      responseSerialize: (o: object) => Buffer.from(res.encode(res.fromObject(o)).finish()),
      responseDeserialize: (b: Buffer) => res.toObject(res.decode(b), { longs: Number, enums: String }),
    };
  }
  return def;
}
