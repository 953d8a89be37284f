// The controller's logger (core/log/logger.ts): one per process, shared by its jobs.
import { createLogger, logProcessWarnings } from '../core/log/logger.ts';

export const log = createLogger('controller');
logProcessWarnings(log);
