// `quorum feed consumers`: where each consumer of the committed signals feed stands in the tenant's feed
// (GET /v1/feed/consumers): followed by a hub or not, signals waiting, lag. Reads only; JSON mode prints the API's answer.

import type { Command } from 'commander';
import { action, clientOf, withHubOptions, type HubClient, type HubOptions } from './hub-client.ts';
import { emit, listing, type Column } from './output.ts';

export interface FeedConsumer {
  consumer: string; followed: boolean; pending_signals: number; pending_more: boolean; oldest_pending_at: string | null; lag_seconds: number;
}

/** "1,200", or "10,000+" when more wait than the hub counts. */
export const waitingText = (c: FeedConsumer) => `${c.pending_signals.toLocaleString('en-US')}${c.pending_more ? '+' : ''}`;

const COLUMNS: Column<FeedConsumer>[] = [
  { header: 'CONSUMER', cell: (c) => c.consumer },
  { header: 'FOLLOWED', cell: (c) => (c.followed ? 'yes' : 'NO HUB') },
  { header: 'WAITING', cell: waitingText },
  { header: 'OLDEST WAITING', cell: (c) => c.oldest_pending_at, time: true },
  { header: 'LAG', cell: (c) => `${c.lag_seconds.toFixed(1)}s` },
];

export const readFeedConsumers = async (client: HubClient) =>
  (await client.json<{ consumers: FeedConsumer[] }>({ method: 'GET', path: '/v1/feed/consumers' })).consumers;

export function registerFeedCommands(program: Command): void {
  const feed = program.command('feed').description("the tenant's committed signals feed and its consumers");
  withHubOptions(feed.command('consumers').description('each consumer of the feed: followed by a hub, signals waiting, how old the oldest is'))
    .addHelpText('after', '\nRead from the database: any hub answers for all of them. NO HUB means no hub follows that consumer for the tenant\n' +
      '(every hub runs with QUORUM_FEED_CONSUME=false, or none has passed over the tenant yet); its signals wait in the feed, nothing is lost.')
    .action(action(async (o: HubOptions) => {
      const consumers = await readFeedConsumers(await clientOf(o));
      emit(o.output, { consumers }, () => listing(consumers, COLUMNS, o.output));
    }));
}
