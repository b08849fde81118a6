CREATE TABLE `agent_presence` (
	`device_id` text PRIMARY KEY NOT NULL,
	`node_id` text NOT NULL,
	`connected_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agent_presence_node_idx` ON `agent_presence` (`node_id`);--> statement-breakpoint
CREATE TABLE `cluster_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`sender` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cluster_messages_created_idx` ON `cluster_messages` (`created_at`);--> statement-breakpoint
CREATE TABLE `cluster_nodes` (
	`node_id` text PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL,
	`heartbeat_at` integer NOT NULL
);
