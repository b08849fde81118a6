CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`period` text NOT NULL,
	`node_id` text NOT NULL,
	`claim_token` text NOT NULL,
	`started_at` text NOT NULL,
	`lease_until` text NOT NULL,
	`finished_at` text,
	`outcome` text,
	`summary_json` text,
	`takeovers` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_job_period_uq` ON `job_runs` (`job`,`period`);--> statement-breakpoint
CREATE INDEX `job_runs_unfinished_idx` ON `job_runs` (`finished_at`,`lease_until`);