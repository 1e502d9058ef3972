// Benchmark dashboards: N real /ws/dashboard clients, authenticated and subscribed to every topic, counting what they receive.
// Loopback only; they read every frame (a slow reader would be dropped by the hub, which is not what is measured).

import WebSocket from 'ws';
import { DASHBOARD_TOPICS } from '../src/present/dashboard/protocol.ts';

export interface BenchDashboards {
  frames(): number;
  /** Every client's frames, parsed, as they arrive (latency benchmarks). */
  onFrame(listener: (msg: { type: string; payload: any; sequenceId: number }, receivedAt: number) => void): void;
  close(): void;
}

/** Connects `count` dashboards with `apiKey`, each subscribed to every topic; resolves once all are subscribed. */
export async function connectDashboards(url: string, apiKey: string, count: number): Promise<BenchDashboards> {
  let frames = 0;
  const listeners: ((msg: any, at: number) => void)[] = [];
  const sockets = await Promise.all(Array.from({ length: count }, () => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    let pending = DASHBOARD_TOPICS.length;
    ws.on('error', reject);
    ws.on('message', (data) => {
      frames++;
      const at = performance.now();
      const msg = JSON.parse(data.toString());
      if (msg.type === 'auth-required') ws.send(JSON.stringify({ type: 'auth', payload: { apiKey } }));
      else if (msg.type === 'auth-success') for (const topic of DASHBOARD_TOPICS) ws.send(JSON.stringify({ type: 'subscribe', payload: { topic } }));
      else if (msg.type === 'subscribed' && --pending === 0) resolve(ws);
      else if (msg.type === 'auth-failed') reject(new Error(`dashboard auth failed: ${JSON.stringify(msg.payload)}`));
      for (const l of listeners) l(msg, at);
    });
  })));
  return {
    frames: () => frames,
    onFrame: (l) => void listeners.push(l),
    close: () => sockets.forEach((ws) => ws.terminate()),
  };
}
