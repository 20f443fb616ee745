CREATE TABLE "integration_field_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_field" text NOT NULL,
	"project_field_label" text NOT NULL,
	"project_field_type" text NOT NULL,
	"deals_field" text,
	"accounts_field" text,
	"saved_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "integration_field_mappings_source_check" CHECK ("integration_field_mappings"."deals_field" is not null or "integration_field_mappings"."accounts_field" is not null)
);
--> statement-breakpoint
CREATE TABLE "integration_user_transfer_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"user_id" uuid,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"outcome" text NOT NULL,
	"role" text,
	"reason" text,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "integration_user_transfer_items_outcome_check" CHECK ("integration_user_transfer_items"."outcome" in ('transferred', 'already_present', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "integration_user_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"job_id" uuid,
	"trigger" text NOT NULL,
	"user_ids" jsonb,
	"requested_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "integration_user_transfers_trigger_check" CHECK ("integration_user_transfers"."trigger" in ('permissions_saved', 'user_created', 'user_reprofiled', 'user_reactivated'))
);
--> statement-breakpoint
ALTER TABLE "integration_field_mappings" ADD CONSTRAINT "integration_field_mappings_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_user_transfer_items" ADD CONSTRAINT "integration_user_transfer_items_run_id_integration_user_transfers_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."integration_user_transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_user_transfer_items" ADD CONSTRAINT "integration_user_transfer_items_user_id_crm_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."crm_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_user_transfers" ADD CONSTRAINT "integration_user_transfers_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_user_transfers" ADD CONSTRAINT "integration_user_transfers_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_user_transfers" ADD CONSTRAINT "integration_user_transfers_requested_by_crm_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."crm_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "integration_field_mappings_org_field_unique" ON "integration_field_mappings" USING btree ("organization_id","project_field");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_user_transfer_items_run_email_unique" ON "integration_user_transfer_items" USING btree ("run_id",lower("email"));--> statement-breakpoint
CREATE INDEX "integration_user_transfers_org_created_idx" ON "integration_user_transfers" USING btree ("organization_id","created_at","id");