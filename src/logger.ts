import { redactSecrets } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where Corral's lines go; fields carry the group, pid and the like. */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export const silentLogger: Logger = () => {};

export const consoleLogger: Logger = (level, message, fields) => {
  const tag = fields?.group ? `[${String(fields.group)}] ` : '';
  const line = `${tag}${message}`;
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
};

/** `logger` with the secret fields of each line's `fields` redacted (`redactSecrets`). */
export function redactingLogger(logger: Logger): Logger {
  return (level, message, fields) => logger(level, message, fields && redactSecrets(fields));
}
