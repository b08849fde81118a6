CREATE TABLE `keeper_roles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`allowed_app_ids_json` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keeper_roles_name_key_unique` ON `keeper_roles` (`name_key`);--> statement-breakpoint
ALTER TABLE `policy_exceptions` ADD `created_by` text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE `policy_exceptions` ADD `revoked_by` text;--> statement-breakpoint
ALTER TABLE `policy_exceptions` ADD `expiry_handled_at` text;