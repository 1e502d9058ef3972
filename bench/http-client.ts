// A lean HTTP/1.1 load client for the benchmarks: node:http over kept-alive connections, one per concurrent caller.
// fetch() cost the bench process 3–4 times the CPU the hub spent on a single-signal POST, on the same two cores.

import http from 'node:http';

export interface HttpClient {
  /** Sends a body and answers the status and the response text. */
  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }>;
  /** Reads a resource and answers the status and the response text. */
  get(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
  close(): void;
}

/** A client holding up to `connections` kept-alive connections (the benchmark's concurrency). */
export function createHttpClient(connections: number): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const send = (method: string, url: string, headers: Record<string, string>, body?: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
  return {
    post: (url, headers, body) => send('POST', url, headers, body),
    get: (url, headers) => send('GET', url, headers),
    close: () => agent.destroy(),
  };
}
