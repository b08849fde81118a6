CREATE TABLE `alert_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` text,
	`device_id` text,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`format` text,
	`destination` text NOT NULL,
	`recipient_label` text,
	`subject` text NOT NULL,
	`payload_json` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	`digest_id` integer,
	`dedupe_key` text NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_deliveries_dedupe_unique` ON `alert_deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_status_next_idx` ON `alert_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_alert_idx` ON `alert_deliveries` (`alert_id`);--> statement-breakpoint
CREATE TABLE `alert_delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`ok` integer NOT NULL,
	`response` text,
	`error` text,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `alert_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_delivery_attempts_delivery_idx` ON `alert_delivery_attempts` (`delivery_id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`control` text NOT NULL,
	`category` text NOT NULL,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`resolution` text NOT NULL,
	`details_json` text,
	`opened_at` text NOT NULL,
	`reminded_at` text,
	`escalated_at` text,
	`resolved_at` text,
	`resolved_reason` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_one_open_per_device_control` ON `alerts` (`device_id`,`control`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `alerts_status_opened_idx` ON `alerts` (`status`,`opened_at`);--> statement-breakpoint
CREATE INDEX `alerts_device_opened_idx` ON `alerts` (`device_id`,`opened_at`);--> statement-breakpoint
CREATE TABLE `notification_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`format` text,
	`control` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings_json` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `concern_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`concern_id` integer NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`note` text,
	FOREIGN KEY (`concern_id`) REFERENCES `concerns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `concern_events_concern_idx` ON `concern_events` (`concern_id`,`id`);--> statement-breakpoint
CREATE TABLE `concerns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`alert_id` text,
	`device_id` text,
	`hostname` text,
	`keeper_name` text,
	`summary` text NOT NULL,
	`status` text NOT NULL,
	`logged_at` text NOT NULL,
	`logged_by` text NOT NULL,
	`assessed_at` text,
	`assessed_by` text,
	`assessment` text,
	`actioned_at` text,
	`actioned_by` text,
	`actions_taken` text,
	`referral_made` integer,
	`referral_to` text,
	`referral_reference` text,
	`referral_at` text,
	`closed_at` text,
	`closed_by` text,
	`closing_note` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `concerns_alert_unique` ON `concerns` (`alert_id`);--> statement-breakpoint
CREATE INDEX `concerns_status_logged_idx` ON `concerns` (`status`,`logged_at`);--> statement-breakpoint
CREATE TABLE `password_prompts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`username` text,
	`password_last_set_at` text,
	`due_at` text,
	`created_at` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`agent_status` text NOT NULL,
	`agent_sent_at` text,
	`command_id` text,
	`email_status` text NOT NULL,
	`email_delivery_id` integer,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`email_delivery_id`) REFERENCES `alert_deliveries`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `password_prompts_device_user_idx` ON `password_prompts` (`device_id`,`username`,`created_at`);