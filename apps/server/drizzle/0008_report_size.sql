ALTER TABLE `reports` ADD `size_bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `reports_device_size_idx` ON `reports` (`device_id`,`received_at`,`seq`,`size_bytes`);