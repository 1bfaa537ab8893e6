export {
  classifyError,
  type ClassifyContext,
  type ErrorClassification,
  type ErrorKind,
} from './classify-error.js';
export { decideFailure, type FailureDecision, type FailureInput } from './failure-decision.js';
export {
  DeferredError,
  PermanentError,
  TransientError,
  type JobErrorOptions,
} from './job-errors.js';
export {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_MAX_MS,
  retryDelay,
  type RetryDelayInput,
} from './retry-delay.js';
export {
  createWorker,
  type JobHandler,
  type JobOutcome,
  type Worker,
  type WorkerLogger,
  type WorkerOptions,
  type WorkerStats,
} from './worker.js';
