import type { Client } from '@temporalio/client';

/** What workflows asked of Temporal, read from their histories. */
export type TemporalCounts = {
  /** Workflow tasks that completed (a speculative task for an update that was rejected leaves no trace). */
  workflowTasks: number;
  /** Activities scheduled through the server. */
  activities: number;
  /** Local activities, each recorded as a marker. */
  localActivities: number;
  historyEvents: number;
};

export const noTemporalCounts = (): TemporalCounts => ({ workflowTasks: 0, activities: 0, localActivities: 0, historyEvents: 0 });

/** The SDK's marker for a local activity's result. */
const localActivityMarker = 'core_local_activity';

/** The counts summed over the histories of `workflowIds`, as they stand now. */
export async function countHistories(client: Client, workflowIds: readonly string[]): Promise<TemporalCounts> {
  const histories = await Promise.all(workflowIds.map((id) => client.workflow.getHandle(id).fetchHistory()));
  const counts = noTemporalCounts();
  for (const event of histories.flatMap((history) => history.events ?? [])) {
    counts.historyEvents += 1;
    if (event.workflowTaskCompletedEventAttributes) counts.workflowTasks += 1;
    if (event.activityTaskScheduledEventAttributes) counts.activities += 1;
    if (event.markerRecordedEventAttributes?.markerName === localActivityMarker) counts.localActivities += 1;
  }
  return counts;
}

/** What the histories gained from `before` to `after`, per workflow of the `sampled` ones, rounded to hundredths. */
export function perWorkflow(before: TemporalCounts, after: TemporalCounts, sampled: number): TemporalCounts {
  const per = (key: keyof TemporalCounts) => Math.round(((after[key] - before[key]) / sampled) * 100) / 100;
  return { workflowTasks: per('workflowTasks'), activities: per('activities'), localActivities: per('localActivities'), historyEvents: per('historyEvents') };
}

/** At most `size` items spread evenly over `items`, so that every round is represented. */
export function spreadSample<T>(items: readonly T[], size: number): T[] {
  const step = Math.max(1, Math.ceil(items.length / size));
  return items.filter((_, k) => k % step === 0);
}
