CREATE TABLE `organisation_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings_json` text NOT NULL,
	`keeper_link_key` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `security_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reviewed_at` text NOT NULL,
	`reviewed_by` text NOT NULL,
	`notes` text NOT NULL,
	`next_due_at` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `security_reviews_reviewed_idx` ON `security_reviews` (`reviewed_at`);--> statement-breakpoint
ALTER TABLE `alerts` ADD `concern_id` integer;--> statement-breakpoint
ALTER TABLE `concerns` ADD `triage_outcome` text;--> statement-breakpoint
ALTER TABLE `concerns` ADD `triaged_at` text;--> statement-breakpoint
ALTER TABLE `concerns` ADD `triaged_by` text;--> statement-breakpoint
ALTER TABLE `concerns` ADD `triage_note` text;--> statement-breakpoint
ALTER TABLE `concerns` ADD `risk_level` text;--> statement-breakpoint
ALTER TABLE `concerns` ADD `exception_id` text;--> statement-breakpoint
ALTER TABLE `concerns` ADD `app_ids_json` text;--> statement-breakpoint
CREATE INDEX `concerns_device_status_idx` ON `concerns` (`device_id`,`status`);--> statement-breakpoint
ALTER TABLE `password_prompts` ADD `agent_shown_at` text;--> statement-breakpoint
ALTER TABLE `password_prompts` ADD `agent_opened_at` text;