import { ServiceError } from '@temporalio/client';
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError } from 'mongodb';

/** Temporal or MongoDB out of reach: the request was not done, and trying again later is the right answer. */
export function isDependencyUnavailable(error: unknown): boolean {
  return (
    error instanceof ServiceError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    (error instanceof Error && /UNAVAILABLE|ECONNREFUSED|DEADLINE_EXCEEDED/.test(error.message))
  );
}
