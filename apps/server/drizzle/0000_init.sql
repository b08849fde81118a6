CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_id_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `enrolment_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`uses_left` integer NOT NULL,
	`expires_at` text NOT NULL,
	`url` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolment_tokens_hash_unique` ON `enrolment_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`hostname` text NOT NULL,
	`platform` text NOT NULL,
	`hardware_id` text,
	`secret_hash` text NOT NULL,
	`agent_version` text,
	`keeper_name` text,
	`keeper_email` text,
	`keeper_role` text,
	`enrolled_at` text NOT NULL,
	`last_seen_at` text,
	`last_report_at` text,
	`status` text DEFAULT 'notEvaluated' NOT NULL,
	`revoked_at` text,
	`latest_report_id` text
);
--> statement-breakpoint
CREATE INDEX `devices_hardware_id_idx` ON `devices` (`hardware_id`);--> statement-breakpoint
CREATE TABLE `findings` (
	`device_id` text NOT NULL,
	`control` text NOT NULL,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`resolution` text NOT NULL,
	`details_json` text,
	`due_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`device_id`, `control`),
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`report_id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`seq` integer NOT NULL,
	`collected_at` text NOT NULL,
	`received_at` text NOT NULL,
	`facts_json` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reports_device_received_idx` ON `reports` (`device_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `daily_snapshots` (
	`day` text NOT NULL,
	`device_id` text NOT NULL,
	`status` text NOT NULL,
	`findings_json` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`day`, `device_id`),
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`at` text NOT NULL,
	`status` text NOT NULL,
	`failing_json` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `status_changes_device_at_idx` ON `status_changes` (`device_id`,`at`);--> statement-breakpoint
CREATE TABLE `policy_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`app_ids_json` text NOT NULL,
	`scope_json` text NOT NULL,
	`risk_assessment` text NOT NULL,
	`approved_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE TABLE `policy_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings_json` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail_json` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);