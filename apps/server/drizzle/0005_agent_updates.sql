CREATE TABLE `agent_release_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`hold` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `devices` ADD `update_state` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `update_version` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `update_detail` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `update_at` text;