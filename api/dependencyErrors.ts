import { isTemporalUnavailable } from '../client/index.js';
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError } from 'mongodb';

/**
 * FerretDB answers a command with an error of its own, not a network error, when its PostgreSQL is out of reach; the
 * Temporal server answers "Workflow Task in failed state" to an update while the workflow's tasks fail to complete.
 */
const unreachableBehind = /UNAVAILABLE|ECONNREFUSED|DEADLINE_EXCEEDED|failed to connect|connection refused|Workflow Task in failed state/i;

/** Temporal or MongoDB out of reach: the request was not done, and trying again later is the right answer. */
export function isDependencyUnavailable(error: unknown): boolean {
  return (
    isTemporalUnavailable(error) ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    (error instanceof Error && unreachableBehind.test(error.message))
  );
}
