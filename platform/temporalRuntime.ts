import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from './logger.js';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Routes the SDK's runtime, workflow and activity loggers into our pino logger. */
export function temporalLoggerFrom(log: Logger): TemporalLogger {
  // Below the configured level a line costs one check: the SDK logs every activity and workflow it runs at DEBUG.
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    if (log.isLevelEnabled(levels[level])) log[levels[level]]({ ...meta }, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

/** Once per process, before any worker or native connection exists. */
export function installTemporalRuntime(options: { log: Logger; metricsBindAddress?: string | undefined }): void {
  Runtime.install({
    logger: temporalLoggerFrom(options.log),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(options.metricsBindAddress && {
        metrics: { prometheus: { bindAddress: options.metricsBindAddress, countersTotalSuffix: true } },
      }),
    },
  });
}
