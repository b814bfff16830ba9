/** What a component reads the time from: the system's, unless a test pins it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The clock a component was given, else the system's. */
export const clockOf = (deps: { now?: Clock | undefined }): Clock => deps.now ?? systemClock;
