CREATE TABLE "sync_run_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_run_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_key" text NOT NULL,
	"entity_name" text,
	"outcome" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_run_items_entity_check" CHECK ("sync_run_items"."entity" in ('project', 'client', 'client_user', 'portal_user')),
	CONSTRAINT "sync_run_items_outcome_check" CHECK ("sync_run_items"."outcome" in ('created', 'updated', 'removed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint GENERATED ALWAYS AS IDENTITY (sequence name "sync_runs_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"started_by_user_id" uuid,
	"started_by_label" text NOT NULL,
	"job_id" uuid,
	"status" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"counts" jsonb,
	"undoes_run_id" uuid,
	"undone_by_run_id" uuid,
	CONSTRAINT "sync_runs_trigger_check" CHECK ("sync_runs"."trigger" in ('import', 'catch-up', 'reconcile', 'sync-now', 'webhook', 'undo', 'crm-edit')),
	CONSTRAINT "sync_runs_status_check" CHECK ("sync_runs"."status" in ('running', 'succeeded'))
);
--> statement-breakpoint
ALTER TABLE "sync_run_items" ADD CONSTRAINT "sync_run_items_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_started_by_user_id_crm_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."crm_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_run_items_run_idx" ON "sync_run_items" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "sync_run_items_entity_idx" ON "sync_run_items" USING btree ("organization_id","entity","entity_key","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_number_unique" ON "sync_runs" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_job_unique" ON "sync_runs" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "sync_runs_org_started_idx" ON "sync_runs" USING btree ("organization_id","started_at","id");--> statement-breakpoint
CREATE INDEX "sync_runs_open_idx" ON "sync_runs" USING btree ("organization_id","trigger") WHERE "sync_runs"."status" = 'running';