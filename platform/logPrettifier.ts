import { isColorSupported, prettyFactory } from 'pino-pretty';

/**
 * For `npm run dev`, which shows its children's output: a JSON log line becomes one readable line (a logged error
 * adds its stack below it); any other line passes as it is. The processes themselves always write one JSON object
 * per line, for log collectors; keeping the prettifier out of them also keeps pino-pretty out of their memory.
 */
export function createLogPrettifier(options: { colorize?: boolean } = {}): (line: string) => string {
  const pretty = prettyFactory({
    colorize: options.colorize ?? isColorSupported,
    translateTime: 'SYS:HH:MM:ss.l',
    // The dev runner puts the process's name before each line already.
    ignore: 'pid,hostname,name,service',
    singleLine: true,
  });
  return (line) => {
    if (!line.startsWith('{')) return line;
    try {
      return pretty(JSON.parse(line) as object).trimEnd();
    } catch {
      return line;
    }
  };
}
