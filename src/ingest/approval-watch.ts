// Approval changes heard from PostgreSQL (NOTIFY on quorum_sensor_approvals): every hub re-reads that sensor's sessions.
// A wake-up only: the sensor's row stays the truth; a rejected or decommissioned sensor is closed 4003 wherever it is connected.

import type { NotificationListener } from '../db/notifications.ts';
import { SENSOR_APPROVAL_CHANNEL } from './enrolment-queries.ts';
import type { SensorGateway } from './sensor-gateway.ts';

export function watchSensorApprovals(deps: {
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  gateway: Pick<SensorGateway, 'recheckApproval' | 'recheckAllApprovals'>;
}): void {
  deps.notifications.on(SENSOR_APPROVAL_CHANNEL, (payload) => {
    const at = payload.indexOf(':');
    if (at > 0) deps.gateway.recheckApproval(payload.slice(0, at), payload.slice(at + 1));
  });
  deps.notifications.onReconnect(() => deps.gateway.recheckAllApprovals());
}
