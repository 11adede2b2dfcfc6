/** Generators of the cron monitoring helpers that the "Wrap with cron monitoring" actions create. */
export { ALERT_TIMEOUT_MS, monitoringModule } from './monitoringModule';
export { sentryMonitorConfig } from './sentryConfig';
export { sentryMonitorModule } from './sentryModule';
export type { ModuleOptions } from './shared';
export { taskMonitoringModule } from './taskMonitoringModule';
