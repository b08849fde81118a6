-- Fleet counts kept at write time, as SQLite's triggers do (drizzle/0007_fleet_counts_triggers.sql and
-- drizzle/0010_kind_counts_password_due.sql), with the same names: kind 'status' and 'control' (0007),
-- 'device-kind' and 'kind-control' (0010); only devices not revoked are counted. Differences from
-- SQLite's text: a trigger's WHEN cannot hold a subquery here, so those tests are in the function
-- body; a BEFORE DELETE function returns OLD so the delete goes ahead. src/db/pg/migrations.test.ts
-- runs the same writes on both databases and compares fleet_counts after each.
CREATE FUNCTION fleet_counts_device_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counts (kind, key, status, n) VALUES ('status', '', NEW.status, 1)
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_device_insert AFTER INSERT ON devices FOR EACH ROW
  WHEN (NEW.revoked_at IS NULL) EXECUTE FUNCTION fleet_counts_device_insert();
--> statement-breakpoint
CREATE FUNCTION fleet_counts_device_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'status' AND key = '' AND status = OLD.status AND OLD.revoked_at IS NULL;
  INSERT INTO fleet_counts (kind, key, status, n) SELECT 'status', '', NEW.status, 1 WHERE NEW.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_device_update AFTER UPDATE OF status, revoked_at ON devices FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR (OLD.revoked_at IS NULL) <> (NEW.revoked_at IS NULL))
  EXECUTE FUNCTION fleet_counts_device_update();
--> statement-breakpoint
CREATE FUNCTION fleet_counts_device_revoke() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE kind = 'control';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_device_revoke AFTER UPDATE OF revoked_at ON devices FOR EACH ROW
  WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION fleet_counts_device_revoke();
--> statement-breakpoint
CREATE FUNCTION fleet_counts_device_unrevoke() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'control', f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_device_unrevoke AFTER UPDATE OF revoked_at ON devices FOR EACH ROW
  WHEN (OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL) EXECUTE FUNCTION fleet_counts_device_unrevoke();
--> statement-breakpoint
CREATE FUNCTION fleet_counts_device_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM findings WHERE device_id = OLD.id;
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'status' AND key = '' AND status = OLD.status AND OLD.revoked_at IS NULL;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_device_delete BEFORE DELETE ON devices FOR EACH ROW EXECUTE FUNCTION fleet_counts_device_delete();
--> statement-breakpoint
CREATE FUNCTION fleet_counts_finding_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL) THEN
    INSERT INTO fleet_counts (kind, key, status, n) VALUES ('control', NEW.control, NEW.status, 1)
      ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_finding_insert AFTER INSERT ON findings FOR EACH ROW EXECUTE FUNCTION fleet_counts_finding_insert();
--> statement-breakpoint
CREATE FUNCTION fleet_counts_finding_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL) THEN
    UPDATE fleet_counts SET n = n - 1 WHERE kind = 'control' AND key = OLD.control AND status = OLD.status;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_finding_delete AFTER DELETE ON findings FOR EACH ROW EXECUTE FUNCTION fleet_counts_finding_delete();
--> statement-breakpoint
CREATE FUNCTION fleet_counts_finding_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL) THEN
    UPDATE fleet_counts SET n = n - 1 WHERE kind = 'control' AND key = OLD.control AND status = OLD.status;
    INSERT INTO fleet_counts (kind, key, status, n) VALUES ('control', NEW.control, NEW.status, 1)
      ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_counts_finding_update AFTER UPDATE OF control, status ON findings FOR EACH ROW
  WHEN (OLD.control IS DISTINCT FROM NEW.control OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION fleet_counts_finding_update();
--> statement-breakpoint
CREATE FUNCTION kind_counts_device_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counts (kind, key, status, n) VALUES ('device-kind', NEW.kind, NEW.status, 1)
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_device_insert AFTER INSERT ON devices FOR EACH ROW
  WHEN (NEW.revoked_at IS NULL) EXECUTE FUNCTION kind_counts_device_insert();
--> statement-breakpoint
CREATE FUNCTION kind_counts_device_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'device-kind' AND key = OLD.kind AND status = OLD.status AND OLD.revoked_at IS NULL;
  INSERT INTO fleet_counts (kind, key, status, n) SELECT 'device-kind', NEW.kind, NEW.status, 1 WHERE NEW.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_device_update AFTER UPDATE OF status, revoked_at, kind ON devices FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind OR (OLD.revoked_at IS NULL) <> (NEW.revoked_at IS NULL))
  EXECUTE FUNCTION kind_counts_device_update();
--> statement-breakpoint
CREATE FUNCTION kind_counts_device_kind_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND OLD.kind || ':' || f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE kind = 'kind-control' AND key LIKE OLD.kind || ':%';
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', NEW.kind || ':' || f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_device_kind_change AFTER UPDATE OF kind ON devices FOR EACH ROW
  WHEN (OLD.kind IS DISTINCT FROM NEW.kind AND OLD.revoked_at IS NULL AND NEW.revoked_at IS NULL)
  EXECUTE FUNCTION kind_counts_device_kind_change();
--> statement-breakpoint
CREATE FUNCTION kind_counts_device_revoke() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - (SELECT count(*) FROM findings f WHERE f.device_id = NEW.id AND OLD.kind || ':' || f.control = fleet_counts.key AND f.status = fleet_counts.status)
    WHERE kind = 'kind-control' AND key LIKE OLD.kind || ':%';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_device_revoke AFTER UPDATE OF revoked_at ON devices FOR EACH ROW
  WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION kind_counts_device_revoke();
--> statement-breakpoint
CREATE FUNCTION kind_counts_device_unrevoke() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', NEW.kind || ':' || f.control, f.status, count(*) FROM findings f WHERE f.device_id = NEW.id GROUP BY f.control, f.status
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_device_unrevoke AFTER UPDATE OF revoked_at ON devices FOR EACH ROW
  WHEN (OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL) EXECUTE FUNCTION kind_counts_device_unrevoke();
--> statement-breakpoint
CREATE FUNCTION kind_counts_device_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'device-kind' AND key = OLD.kind AND status = OLD.status;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_device_delete BEFORE DELETE ON devices FOR EACH ROW
  WHEN (OLD.revoked_at IS NULL) EXECUTE FUNCTION kind_counts_device_delete();
--> statement-breakpoint
CREATE FUNCTION kind_counts_finding_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', d.kind || ':' || NEW.control, NEW.status, 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_finding_insert AFTER INSERT ON findings FOR EACH ROW EXECUTE FUNCTION kind_counts_finding_insert();
--> statement-breakpoint
CREATE FUNCTION kind_counts_finding_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'kind-control' AND status = OLD.status
    AND key = (SELECT d.kind || ':' || OLD.control FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_finding_delete AFTER DELETE ON findings FOR EACH ROW EXECUTE FUNCTION kind_counts_finding_delete();
--> statement-breakpoint
CREATE FUNCTION kind_counts_finding_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet_counts SET n = n - 1 WHERE kind = 'kind-control' AND status = OLD.status
    AND key = (SELECT d.kind || ':' || OLD.control FROM devices d WHERE d.id = OLD.device_id AND d.revoked_at IS NULL);
  INSERT INTO fleet_counts (kind, key, status, n)
    SELECT 'kind-control', d.kind || ':' || NEW.control, NEW.status, 1 FROM devices d WHERE d.id = NEW.device_id AND d.revoked_at IS NULL
    ON CONFLICT (kind, key, status) DO UPDATE SET n = fleet_counts.n + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kind_counts_finding_update AFTER UPDATE OF control, status ON findings FOR EACH ROW
  WHEN (OLD.control IS DISTINCT FROM NEW.control OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION kind_counts_finding_update();
--> statement-breakpoint
-- Counted afresh from the rows already there (none in a new database; a copy made by `migrate` before
-- this migration had SQLite's counts, which this recount equals).
DELETE FROM fleet_counts;
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'status', '', status, count(*) FROM devices WHERE revoked_at IS NULL GROUP BY status;
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'control', f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id
  WHERE d.revoked_at IS NULL GROUP BY f.control, f.status;
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'device-kind', kind, status, count(*) FROM devices WHERE revoked_at IS NULL GROUP BY kind, status;
--> statement-breakpoint
INSERT INTO fleet_counts (kind, key, status, n)
  SELECT 'kind-control', d.kind || ':' || f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id
  WHERE d.revoked_at IS NULL GROUP BY d.kind, f.control, f.status;
