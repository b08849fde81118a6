ALTER TABLE `devices` ADD `password_due_at` text;--> statement-breakpoint
CREATE INDEX `devices_password_due_idx` ON `devices` (`password_due_at`);--> statement-breakpoint
-- Per-kind fleet counts (laptop/desktop/tablet/phone), kept by triggers like those of 0007:
-- kind 'device-kind' (key = device kind) → devices per status; kind 'kind-control'
-- (key = '<device kind>:<control>') → findings per finding status. Only devices not revoked count.
CREATE TRIGGER `kind_counts_device_insert` AFTER INSERT ON `devices` WHEN NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (kind, key, status, n) VALUES ('device-kind', NEW.kind, NEW.status, 1)
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_update` AFTER UPDATE OF status, revoked_at, kind ON `devices`
  WHEN OLD.status IS NOT NEW.status OR OLD.kind IS NOT NEW.kind OR (OLD.revoked_at IS NULL) <> (NEW.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'device-kind' AND key = OLD.kind AND status = OLD.status AND OLD.revoked_at IS NULL;
  INSERT INTO fleet_counts (kind, key, status, n) SELECT 'device-kind', NEW.kind, NEW.status, 1 WHERE NEW.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_kind_change` AFTER UPDATE OF kind ON `devices`
  WHEN OLD.kind IS NOT NEW.kind AND OLD.revoked_at IS NULL AND NEW.revoked_at IS NULL BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND OLD.kind || ':' || f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE kind = 'kind-control' AND key LIKE OLD.kind || ':%';
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', NEW.kind || ':' || f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_revoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND OLD.kind || ':' || f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE kind = 'kind-control' AND key LIKE OLD.kind || ':%';
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_unrevoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', NEW.kind || ':' || f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_device_delete` BEFORE DELETE ON `devices` WHEN OLD.revoked_at IS NULL BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'device-kind' AND key = OLD.kind AND status = OLD.status;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_finding_insert` AFTER INSERT ON `findings` BEGIN
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', d.kind || ':' || NEW.control, NEW.status, 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_finding_delete` AFTER DELETE ON `findings` BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'kind-control' AND status = OLD.status
    AND key = (SELECT d.kind || ':' || OLD.control FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `kind_counts_finding_update` AFTER UPDATE OF control, status ON `findings`
  WHEN OLD.control IS NOT NEW.control OR OLD.status IS NOT NEW.status BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'kind-control' AND status = OLD.status
    AND key = (SELECT d.kind || ':' || OLD.control FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL);
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', d.kind || ':' || NEW.control, NEW.status, 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DELETE FROM fleet_counts WHERE kind IN ('device-kind', 'kind-control');
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'device-kind', kind, status, count(*) FROM devices WHERE revoked_at IS NULL GROUP BY kind, status;
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'kind-control', d.kind || ':' || f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id
  WHERE d.revoked_at IS NULL GROUP BY d.kind, f.control, f.status;
