// The /ws/dashboard protocol as the page sees it: the hub's own types (src/present/dashboard/protocol.ts, which imports
// nothing), plus the one question the page asks of a frame: which topic's event is it.

import { EVENT_TYPE_OF_TOPIC, type DashboardTopic } from '../../../src/present/dashboard/protocol.ts';

export {
  DASHBOARD_TOPICS as TOPICS, DEFAULT_TOPICS, EVENT_TYPE_OF_TOPIC, DASHBOARD_CLOSE,
} from '../../../src/present/dashboard/protocol.ts';
export type {
  DashboardTopic as Topic, SignalEvent, GroupEvent, MitigationEvent, BlocklistEvent, SensorEvent, MetricsEvent, Snapshot,
  AuthSuccess, ServerMessage,
} from '../../../src/present/dashboard/protocol.ts';

/** A frame as it arrives, before the page knows its type: `{type, payload, sequenceId, timestamp}` (epoch ms). */
export interface LiveMessage<P = unknown> {
  type: string;
  payload?: P;
  sequenceId?: number;
  timestamp?: number;
}

const TOPIC_OF_TYPE = new Map(Object.entries(EVENT_TYPE_OF_TOPIC).map(([topic, type]) => [type as string, topic as DashboardTopic]));

/** The topic an event belongs to, or undefined for a control frame (auth-*, subscribed, snapshot, …) or an unknown type. */
export function topicOf(msg: LiveMessage): DashboardTopic | undefined {
  return TOPIC_OF_TYPE.get(msg.type);
}

