export type * from './types.js';
export { InvalidInboundEventError } from './inbound-event.js';
export { InvalidAuditCursorError } from './audit-cursor.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
export { SchemaTooNewError } from './sqlite/migrate.js';
export { TIMER_EVENT_TYPE, timerEventId } from './timer-event.js';
export type * from './scim-resources.js';
export type * from './okta-writes.js';
