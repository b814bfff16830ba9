import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from './bareActivities.js';

const { bareOpen, bareRecord } = proxyActivities<BareActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export const bareOpened = defineUpdate<string>('bareOpened');
export const bareDecide = defineUpdate<string>('bareDecide');

/** The baseline: the product's shape with nothing else, start, one activity, wait for a decision, one activity. */
export async function bareRequest(id: string): Promise<string> {
  let opened = false;
  let decided = false;
  let recorded = false;
  setHandler(bareOpened, async () => {
    await condition(() => opened);
    return id;
  });
  setHandler(bareDecide, async () => {
    decided = true;
    await condition(() => recorded);
    return 'accepted';
  });
  await bareOpen(id);
  opened = true;
  await condition(() => decided);
  await bareRecord(id);
  recorded = true;
  return 'accepted';
}
