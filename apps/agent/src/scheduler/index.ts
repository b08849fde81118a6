export { CollectionScheduler, type CollectReason, type SchedulerOptions } from './scheduler.js';
export { formatDuration, parseDuration } from './duration.js';
