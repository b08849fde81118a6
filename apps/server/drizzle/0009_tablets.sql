CREATE TABLE `checkin_links` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkin_links_token_hash_unique` ON `checkin_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `checkin_links_device_idx` ON `checkin_links` (`device_id`);--> statement-breakpoint
CREATE TABLE `connectors` (
	`provider` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`settings_json` text NOT NULL,
	`secret_enc` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_sync_at` text,
	`last_result` text,
	`last_message` text
);
--> statement-breakpoint
CREATE TABLE `directory_users` (
	`provider` text NOT NULL,
	`upn` text NOT NULL,
	`mail` text,
	`display_name` text,
	`password_changed_at` text,
	`synced_at` text NOT NULL,
	PRIMARY KEY(`provider`, `upn`)
);
--> statement-breakpoint
CREATE INDEX `directory_users_mail_idx` ON `directory_users` (`mail`);--> statement-breakpoint
ALTER TABLE `devices` ADD `kind` text DEFAULT 'laptop' NOT NULL;--> statement-breakpoint
ALTER TABLE `devices` ADD `source_type` text DEFAULT 'agent' NOT NULL;--> statement-breakpoint
ALTER TABLE `devices` ADD `source_provider` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `keeper_confirmed_at` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `serial` text;--> statement-breakpoint
CREATE INDEX `devices_serial_idx` ON `devices` (`serial`);