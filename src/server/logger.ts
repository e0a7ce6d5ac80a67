import pino, { type Logger } from 'pino';

/** Structured JSON logs; `LOG_LEVEL` sets the level (default info, silent under tests). */
export function createLogger(): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  return pino({ level, base: { service: 'caregraph' } });
}
