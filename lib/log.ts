import pino from 'pino';
import { env } from './env';

// Structured JSON logs. Never log secrets, tokens, request bodies or signatures.
let instance: pino.Logger | undefined;

export function logger(): pino.Logger {
  instance ??= pino({
    level: env().TIDINGS_LOG_LEVEL,
    base: { service: process.env.TIDINGS_PROCESS_NAME ?? 'tidings' },
    redact: { paths: ['secret', '*.secret', 'apiToken', '*.apiToken', 'authorization', '*.authorization', 'password', '*.password'], censor: '[redacted]' },
  });
  return instance;
}
