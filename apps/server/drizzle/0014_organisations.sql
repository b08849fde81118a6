-- Organisations (issue 13). Every organisation-owned table gets organisation_id; an existing console
-- becomes organisation 1 (named after its settings, else "My organisation"), every row is backfilled to
-- it, and every user becomes a member of it with their current role. DEFAULT 1 is only for this
-- backfill: the schema declares no default, so the code must always set the organisation.
DROP TRIGGER IF EXISTS `fleet_counts_device_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `fleet_counts_device_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `fleet_counts_device_revoke`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `fleet_counts_device_unrevoke`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `fleet_counts_device_delete`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `fleet_counts_finding_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `fleet_counts_finding_delete`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `fleet_counts_finding_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_device_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_device_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_device_kind_change`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_device_revoke`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_device_unrevoke`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_device_delete`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_finding_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_finding_delete`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `kind_counts_finding_update`;--> statement-breakpoint
CREATE TABLE `organisation_memberships` (
	`user_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `organisation_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organisation_memberships_org_idx` ON `organisation_memberships` (`organisation_id`,`role`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
DROP INDEX `keeper_roles_name_key_unique`;--> statement-breakpoint
ALTER TABLE `keeper_roles` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `keeper_roles_org_name_key_unique` ON `keeper_roles` (`organisation_id`,`name_key`);--> statement-breakpoint
DROP INDEX `security_reviews_reviewed_idx`;--> statement-breakpoint
ALTER TABLE `security_reviews` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `security_reviews_org_reviewed_idx` ON `security_reviews` (`organisation_id`,`reviewed_at`);--> statement-breakpoint
DROP INDEX `devices_password_due_idx`;--> statement-breakpoint
ALTER TABLE `devices` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `devices_org_hostname_idx` ON `devices` (`organisation_id`,`hostname`);--> statement-breakpoint
CREATE INDEX `devices_org_last_report_idx` ON `devices` (`organisation_id`,`last_report_at`);--> statement-breakpoint
CREATE INDEX `devices_password_due_idx` ON `devices` (`organisation_id`,`password_due_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_directory_users` (
	`organisation_id` integer NOT NULL,
	`provider` text NOT NULL,
	`upn` text NOT NULL,
	`mail` text,
	`display_name` text,
	`password_changed_at` text,
	`synced_at` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `provider`, `upn`)
);
--> statement-breakpoint
INSERT INTO `__new_directory_users`("organisation_id", "provider", "upn", "mail", "display_name", "password_changed_at", "synced_at") SELECT 1, "provider", "upn", "mail", "display_name", "password_changed_at", "synced_at" FROM `directory_users`;--> statement-breakpoint
DROP TABLE `directory_users`;--> statement-breakpoint
ALTER TABLE `__new_directory_users` RENAME TO `directory_users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `directory_users_mail_idx` ON `directory_users` (`organisation_id`,`mail`);--> statement-breakpoint
CREATE TABLE `__new_fleet_counts` (
	`organisation_id` integer NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`organisation_id`, `kind`, `key`, `status`)
);
--> statement-breakpoint
INSERT INTO `__new_fleet_counts`("organisation_id", "kind", "key", "status", "n") SELECT 1, "kind", "key", "status", "n" FROM `fleet_counts`;--> statement-breakpoint
DROP TABLE `fleet_counts`;--> statement-breakpoint
ALTER TABLE `__new_fleet_counts` RENAME TO `fleet_counts`;--> statement-breakpoint
CREATE TABLE `__new_connectors` (
	`organisation_id` integer NOT NULL,
	`provider` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`settings_json` text NOT NULL,
	`secret_enc` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_sync_at` text,
	`last_result` text,
	`last_message` text,
	PRIMARY KEY(`organisation_id`, `provider`)
);
--> statement-breakpoint
INSERT INTO `__new_connectors`("organisation_id", "provider", "enabled", "settings_json", "secret_enc", "updated_at", "last_sync_at", "last_result", "last_message") SELECT 1, "provider", "enabled", "settings_json", "secret_enc", "updated_at", "last_sync_at", "last_result", "last_message" FROM `connectors`;--> statement-breakpoint
DROP TABLE `connectors`;--> statement-breakpoint
ALTER TABLE `__new_connectors` RENAME TO `connectors`;--> statement-breakpoint
ALTER TABLE `sessions` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolment_tokens` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `enrolment_tokens_org_created_idx` ON `enrolment_tokens` (`organisation_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `findings` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `daily_snapshots` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `daily_snapshots_org_day_idx` ON `daily_snapshots` (`organisation_id`,`day`);--> statement-breakpoint
ALTER TABLE `status_changes` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `policy_exceptions` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `policy_exceptions_org_idx` ON `policy_exceptions` (`organisation_id`,`expires_at`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `organisation_id` integer;--> statement-breakpoint
CREATE INDEX `audit_log_org_at_idx` ON `audit_log` (`organisation_id`,`at`);--> statement-breakpoint
ALTER TABLE `alert_deliveries` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `alert_deliveries_org_created_idx` ON `alert_deliveries` (`organisation_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `alerts` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `alerts_org_status_opened_idx` ON `alerts` (`organisation_id`,`status`,`opened_at`);--> statement-breakpoint
ALTER TABLE `notification_recipients` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `notification_recipients_org_idx` ON `notification_recipients` (`organisation_id`);--> statement-breakpoint
ALTER TABLE `concern_events` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `concerns` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `concerns_org_status_logged_idx` ON `concerns` (`organisation_id`,`status`,`logged_at`);--> statement-breakpoint
ALTER TABLE `password_prompts` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `password_prompts_org_created_idx` ON `password_prompts` (`organisation_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `checkin_links` ADD `organisation_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
INSERT INTO `organisations` (`id`, `name`, `created_at`)
  SELECT 1, coalesce(
      (SELECT nullif(trim(json_extract(settings_json, '$.name')), '') FROM organisation_settings WHERE id = 1 AND json_valid(settings_json)),
      'My organisation'),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
--> statement-breakpoint
INSERT INTO `organisation_memberships` (`user_id`, `organisation_id`, `role`, `created_at`)
  SELECT id, 1, role, created_at FROM users;
--> statement-breakpoint
-- The audit log is append-only (0003); its existing rows are organisation 1's, set with the guard lifted.
DROP TRIGGER `audit_log_no_update`;--> statement-breakpoint
UPDATE `audit_log` SET `organisation_id` = 1;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;--> statement-breakpoint
-- Fleet counts (0007, 0010) per organisation: the same triggers, each row keyed by the device's organisation.
CREATE TRIGGER `fleet_counts_device_insert` AFTER INSERT ON `devices` WHEN NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n) VALUES (NEW.organisation_id, 'status', '', NEW.status, 1)
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_update` AFTER UPDATE OF status, revoked_at ON `devices`
  WHEN OLD.status IS NOT NEW.status OR (OLD.revoked_at IS NULL) <> (NEW.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1
    WHERE organisation_id = OLD.organisation_id AND kind = 'status' AND key = '' AND status = OLD.status AND OLD.revoked_at IS NULL;
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n) SELECT NEW.organisation_id, 'status', '', NEW.status, 1 WHERE NEW.revoked_at IS NULL
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_revoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE organisation_id = NEW.organisation_id AND kind = 'control';
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_unrevoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
    SELECT NEW.organisation_id, 'control', f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_delete` BEFORE DELETE ON `devices` BEGIN
  DELETE FROM findings WHERE device_id = OLD.id;
  UPDATE fleet_counts SET n = n - 1
    WHERE organisation_id = OLD.organisation_id AND kind = 'status' AND key = '' AND status = OLD.status AND OLD.revoked_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_finding_insert` AFTER INSERT ON `findings`
  WHEN EXISTS (SELECT 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL) BEGIN
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n) VALUES (NEW.organisation_id, 'control', NEW.control, NEW.status, 1)
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_finding_delete` AFTER DELETE ON `findings`
  WHEN EXISTS (SELECT 1 FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE organisation_id = OLD.organisation_id AND kind = 'control' AND key = OLD.control AND status = OLD.status;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_finding_update` AFTER UPDATE OF control, status ON `findings`
  WHEN (OLD.control IS NOT NEW.control OR OLD.status IS NOT NEW.status)
   AND EXISTS (SELECT 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE organisation_id = OLD.organisation_id AND kind = 'control' AND key = OLD.control AND status = OLD.status;
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n) VALUES (NEW.organisation_id, 'control', NEW.control, NEW.status, 1)
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_insert` AFTER INSERT ON `devices` WHEN NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n) VALUES (NEW.organisation_id, 'device-kind', NEW.kind, NEW.status, 1)
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_update` AFTER UPDATE OF status, revoked_at, kind ON `devices`
  WHEN OLD.status IS NOT NEW.status OR OLD.kind IS NOT NEW.kind OR (OLD.revoked_at IS NULL) <> (NEW.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1
    WHERE organisation_id = OLD.organisation_id AND kind = 'device-kind' AND key = OLD.kind AND status = OLD.status AND OLD.revoked_at IS NULL;
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n) SELECT NEW.organisation_id, 'device-kind', NEW.kind, NEW.status, 1 WHERE NEW.revoked_at IS NULL
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_kind_change` AFTER UPDATE OF kind ON `devices`
  WHEN OLD.kind IS NOT NEW.kind AND OLD.revoked_at IS NULL AND NEW.revoked_at IS NULL BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND OLD.kind || ':' || f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE organisation_id = NEW.organisation_id AND kind = 'kind-control' AND key LIKE OLD.kind || ':%';
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
    SELECT NEW.organisation_id, 'kind-control', NEW.kind || ':' || f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_revoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND OLD.kind || ':' || f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE organisation_id = NEW.organisation_id AND kind = 'kind-control' AND key LIKE OLD.kind || ':%';
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_unrevoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
    SELECT NEW.organisation_id, 'kind-control', NEW.kind || ':' || f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_delete` BEFORE DELETE ON `devices` WHEN OLD.revoked_at IS NULL BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE organisation_id = OLD.organisation_id AND kind = 'device-kind' AND key = OLD.kind AND status = OLD.status;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_finding_insert` AFTER INSERT ON `findings` BEGIN
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
    SELECT NEW.organisation_id, 'kind-control', d.kind || ':' || NEW.control, NEW.status, 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_finding_delete` AFTER DELETE ON `findings` BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE organisation_id = OLD.organisation_id AND kind = 'kind-control' AND status = OLD.status
    AND key = (SELECT d.kind || ':' || OLD.control FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_finding_update` AFTER UPDATE OF control, status ON `findings`
  WHEN OLD.control IS NOT NEW.control OR OLD.status IS NOT NEW.status BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE organisation_id = OLD.organisation_id AND kind = 'kind-control' AND status = OLD.status
    AND key = (SELECT d.kind || ':' || OLD.control FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL);
  INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
    SELECT NEW.organisation_id, 'kind-control', d.kind || ':' || NEW.control, NEW.status, 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL
    ON CONFLICT (organisation_id, kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DELETE FROM fleet_counts;
--> statement-breakpoint
INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
  SELECT organisation_id, 'status', '', status, count(*) FROM devices WHERE revoked_at IS NULL GROUP BY organisation_id, status;
--> statement-breakpoint
INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
  SELECT d.organisation_id, 'control', f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id
  WHERE d.revoked_at IS NULL GROUP BY d.organisation_id, f.control, f.status;
--> statement-breakpoint
INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
  SELECT organisation_id, 'device-kind', kind, status, count(*) FROM devices WHERE revoked_at IS NULL GROUP BY organisation_id, kind, status;
--> statement-breakpoint
INSERT INTO fleet_counts (organisation_id, kind, key, status, n)
  SELECT d.organisation_id, 'kind-control', d.kind || ':' || f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id
  WHERE d.revoked_at IS NULL GROUP BY d.organisation_id, d.kind, f.control, f.status;
