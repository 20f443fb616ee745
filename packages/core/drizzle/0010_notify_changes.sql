-- What a request needs on every call (actor, integration state, profile permissions) is cached in
-- each API process; these triggers tell every process, at commit, which organization changed.
-- The once-a-minute stamp of a token's last use is not a change of who it acts for.
CREATE OR REPLACE FUNCTION request_context_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'last_used_at') = (to_jsonb(OLD) - 'last_used_at') THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('request_context', to_jsonb(coalesce(NEW, OLD)) ->> TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER crm_organizations_request_context AFTER UPDATE OR DELETE ON crm_organizations
  FOR EACH ROW EXECUTE FUNCTION request_context_changed('id');
--> statement-breakpoint
CREATE TRIGGER crm_profiles_request_context AFTER UPDATE OR DELETE ON crm_profiles
  FOR EACH ROW EXECUTE FUNCTION request_context_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER crm_users_request_context AFTER UPDATE OR DELETE ON crm_users
  FOR EACH ROW EXECUTE FUNCTION request_context_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER crm_api_tokens_request_context AFTER UPDATE OR DELETE ON crm_api_tokens
  FOR EACH ROW EXECUTE FUNCTION request_context_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER integrations_request_context AFTER INSERT OR UPDATE OR DELETE ON integrations
  FOR EACH ROW EXECUTE FUNCTION request_context_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER integration_profile_permissions_request_context
  AFTER INSERT OR UPDATE OR DELETE ON integration_profile_permissions
  FOR EACH ROW EXECUTE FUNCTION request_context_changed('organization_id');
--> statement-breakpoint
-- Job runners LISTEN on jobs_ready and lease at once instead of waiting for their next poll; one
-- notification per transaction (PostgreSQL folds identical ones).
CREATE OR REPLACE FUNCTION jobs_ready_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('jobs_ready', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER jobs_ready_notify AFTER INSERT OR UPDATE OF status, run_at ON jobs
  FOR EACH ROW WHEN (NEW.status = 'queued') EXECUTE FUNCTION jobs_ready_notify();
--> statement-breakpoint
-- Search by name (ILIKE '%…%') over the Projects tab: a trigram index. In public, so that it outlives
-- any other schema of the database (tests and benchmarks run in schemas they drop).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
