-- Fleet counts maintained at write time (see src/db/schema/fleet-counts.ts). Every write to devices
-- and findings, from any code path, keeps fleet_counts exact; only devices not revoked are counted.
CREATE TRIGGER `fleet_counts_device_insert` AFTER INSERT ON `devices` WHEN NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (kind, key, status, n) VALUES ('status', '', NEW.status, 1)
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_update` AFTER UPDATE OF status, revoked_at ON `devices`
  WHEN OLD.status IS NOT NEW.status OR (OLD.revoked_at IS NULL) <> (NEW.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'status' AND key = '' AND status = OLD.status AND OLD.revoked_at IS NULL;
  INSERT INTO fleet_counts (kind, key, status, n) SELECT 'status', '', NEW.status, 1 WHERE NEW.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_revoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE kind = 'control';
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_unrevoke` AFTER UPDATE OF revoked_at ON `devices`
  WHEN OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL BEGIN
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'control', f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_device_delete` BEFORE DELETE ON `devices` BEGIN
  DELETE FROM findings WHERE device_id = OLD.id;
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'status' AND key = '' AND status = OLD.status AND OLD.revoked_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_finding_insert` AFTER INSERT ON `findings`
  WHEN EXISTS (SELECT 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL) BEGIN
  INSERT INTO fleet_counts (kind, key, status, n) VALUES ('control', NEW.control, NEW.status, 1)
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_finding_delete` AFTER DELETE ON `findings`
  WHEN EXISTS (SELECT 1 FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'control' AND key = OLD.control AND status = OLD.status;
END;
--> statement-breakpoint
CREATE TRIGGER `fleet_counts_finding_update` AFTER UPDATE OF control, status ON `findings`
  WHEN (OLD.control IS NOT NEW.control OR OLD.status IS NOT NEW.status)
   AND EXISTS (SELECT 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL) BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'control' AND key = OLD.control AND status = OLD.status;
  INSERT INTO fleet_counts (kind, key, status, n) VALUES ('control', NEW.control, NEW.status, 1)
    ON CONFLICT (kind, key, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DELETE FROM fleet_counts;
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'status', '', status, count(*) FROM devices WHERE revoked_at IS NULL GROUP BY status;
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'control', f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id
  WHERE d.revoked_at IS NULL GROUP BY f.control, f.status;
