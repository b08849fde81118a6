import type { Executor } from '../client.js';
import { AlertsRepository } from './alerts.repository.js';
import { ConcernsRepository } from './concerns.repository.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { NotificationsRepository } from './notifications.repository.js';
import { PasswordPromptsRepository } from './password-prompts.repository.js';

/** Repositories of the alerts, concerns, notifications and password-prompt tables. */
export interface AlertingRepositories {
  alerts: AlertsRepository;
  concerns: ConcernsRepository;
  deliveries: DeliveriesRepository;
  notifications: NotificationsRepository;
  prompts: PasswordPromptsRepository;
}

export function alertingRepositories(db: Executor): AlertingRepositories {
  return {
    alerts: new AlertsRepository(db),
    concerns: new ConcernsRepository(db),
    deliveries: new DeliveriesRepository(db),
    notifications: new NotificationsRepository(db),
    prompts: new PasswordPromptsRepository(db),
  };
}
