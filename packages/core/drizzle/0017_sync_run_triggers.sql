-- Sync runs record what they change in the CRM's copy of the portal. Triggers on the four copy tables
-- write the items, whoever writes the rows (a page upsert, a webhook, a removal after a stable read),
-- so the sync code only says which run is writing: `app.sync_run` set for the transaction (webhook
-- batches, undo; 'none' records nothing), else the organization's run whose pass job is running.
--
-- The document compared for each object: what the portal said (its JSON, without `modified_time` and
-- `last_modified_time`, which move with every change) plus the CRM's own links (deal, account, contact).
CREATE OR REPLACE FUNCTION sync_run_doc(entity text, r jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE entity
    WHEN 'project' THEN (coalesce(r -> 'data', '{}'::jsonb) - 'modified_time' - 'last_modified_time')
      || jsonb_build_object('deal_id', r -> 'deal_id', 'account_id', r -> 'account_id')
    WHEN 'client' THEN (coalesce(r -> 'data', '{}'::jsonb) - 'modified_time' - 'last_modified_time')
      || jsonb_build_object('account_id', r -> 'account_id', 'mapped_by', r -> 'mapped_by')
    WHEN 'client_user' THEN (coalesce(r -> 'data', '{}'::jsonb) - 'modified_time' - 'last_modified_time')
      || jsonb_build_object('contact_id', r -> 'contact_id')
    ELSE jsonb_build_object('email', r -> 'email', 'name', r -> 'name', 'role', r -> 'role', 'active', r -> 'active')
  END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sync_run_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entity text := TG_ARGV[0];
  key_column text := TG_ARGV[1];
  run text;
  org uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT organization_id INTO org FROM old_rows LIMIT 1;
  ELSE
    SELECT organization_id INTO org FROM new_rows LIMIT 1;
  END IF;
  IF org IS NULL THEN
    RETURN NULL;
  END IF;
  run := nullif(current_setting('app.sync_run', true), '');
  IF run IS NULL THEN
    SELECT r.id::text INTO run FROM sync_runs r JOIN jobs j ON j.id = r.job_id
      WHERE r.organization_id = org AND r.status = 'running' AND j.status = 'running'
      ORDER BY r.started_at DESC LIMIT 1;
  END IF;
  IF run IS NULL OR run = 'none' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO sync_run_items (run_id, organization_id, entity, entity_key, entity_name, outcome)
    SELECT run::uuid, org, entity, j ->> key_column, coalesce(j ->> 'name', j ->> 'email'), 'created'
    FROM (SELECT to_jsonb(n) AS j FROM new_rows n) AS rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO sync_run_items (run_id, organization_id, entity, entity_key, entity_name, outcome, before)
    SELECT run::uuid, org, entity, j ->> key_column, coalesce(j ->> 'name', j ->> 'email'), 'removed', j
    FROM (SELECT to_jsonb(o) AS j FROM old_rows o) AS rows;
  ELSE
    INSERT INTO sync_run_items
      (run_id, organization_id, entity, entity_key, entity_name, outcome, fields, before, after)
    SELECT run::uuid, org, entity, c.k, coalesce(c.nj ->> 'name', c.nj ->> 'email'), 'updated',
      array(SELECT f FROM jsonb_object_keys(c.od || c.nd) AS f
            WHERE (c.od -> f) IS DISTINCT FROM (c.nd -> f) ORDER BY f),
      c.oj, c.nj
    FROM (
      SELECT o.k, o.j AS oj, n.j AS nj, sync_run_doc(entity, o.j) AS od, sync_run_doc(entity, n.j) AS nd
      FROM (SELECT to_jsonb(x) ->> key_column AS k, to_jsonb(x) AS j FROM old_rows x) AS o
      JOIN (SELECT to_jsonb(y) ->> key_column AS k, to_jsonb(y) AS j FROM new_rows y) AS n ON n.k = o.k
    ) AS c
    WHERE c.od IS DISTINCT FROM c.nd;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER integration_projects_run_insert AFTER INSERT ON integration_projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('project', 'projects_id');
--> statement-breakpoint
CREATE TRIGGER integration_projects_run_update AFTER UPDATE ON integration_projects
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('project', 'projects_id');
--> statement-breakpoint
CREATE TRIGGER integration_projects_run_delete AFTER DELETE ON integration_projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('project', 'projects_id');
--> statement-breakpoint
CREATE TRIGGER integration_clients_run_insert AFTER INSERT ON integration_clients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('client', 'projects_id');
--> statement-breakpoint
CREATE TRIGGER integration_clients_run_update AFTER UPDATE ON integration_clients
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('client', 'projects_id');
--> statement-breakpoint
CREATE TRIGGER integration_clients_run_delete AFTER DELETE ON integration_clients
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('client', 'projects_id');
--> statement-breakpoint
CREATE TRIGGER integration_client_users_run_insert AFTER INSERT ON integration_client_users
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('client_user', 'zpuid');
--> statement-breakpoint
CREATE TRIGGER integration_client_users_run_update AFTER UPDATE ON integration_client_users
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('client_user', 'zpuid');
--> statement-breakpoint
CREATE TRIGGER integration_client_users_run_delete AFTER DELETE ON integration_client_users
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('client_user', 'zpuid');
--> statement-breakpoint
CREATE TRIGGER integration_portal_users_run_insert AFTER INSERT ON integration_portal_users
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('portal_user', 'zpuid');
--> statement-breakpoint
CREATE TRIGGER integration_portal_users_run_update AFTER UPDATE ON integration_portal_users
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('portal_user', 'zpuid');
--> statement-breakpoint
CREATE TRIGGER integration_portal_users_run_delete AFTER DELETE ON integration_portal_users
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_run_record('portal_user', 'zpuid');
