// Reconciliation (workflow 6): plan, store, apply, schedule.
export type * from './types.js';
export {
  createReconciliationService,
  type ReconciliationServiceDeps,
  type ReconciliationSettings,
} from './reconciliation-service.js';
export {
  createReconciliationScheduler,
  planNextRun,
  type ReconciliationScheduler,
  type ScheduleView,
  type SchedulerTimers,
} from './scheduler.js';
export { CronSyntaxError, nextFireTime, parseCron, type CronSchedule } from './cron.js';
export { ApiBudgetExhaustedError } from './api-budget.js';
