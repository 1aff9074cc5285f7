import 'server-only';
import pino from 'pino';

/**
 * Structured JSON logs on stdout, one line per event. Credentials never reach the logger: sources
 * pass only URL paths and error kinds. The redact list is a second line of defence.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'refmap' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: [
      '*.password',
      '*.token',
      '*.authorization',
      '*.headers.authorization',
      '*.headers.cookie',
      '*.cookie',
      '*.clientSecret',
      '*.sessionSecret',
      '*.metricsToken',
      'password',
      'token',
      'databaseUrl',
    ],
    censor: '[redacted]',
  },
});
