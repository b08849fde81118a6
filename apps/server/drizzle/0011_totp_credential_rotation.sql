ALTER TABLE `users` ADD `totp_last_step` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `totp_recovery_json` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `next_secret_hash` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `secret_changed_at` text;