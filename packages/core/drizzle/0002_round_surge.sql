CREATE TABLE "crm_api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "crm_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"module" text NOT NULL,
	"api_name" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"unique" boolean DEFAULT false NOT NULL,
	"custom" boolean DEFAULT false NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_fields_module_check" CHECK ("crm_fields"."module" in ('deals', 'accounts', 'contacts'))
);
--> statement-breakpoint
CREATE TABLE "crm_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"module" text NOT NULL,
	"name" text NOT NULL,
	"normalized_name" text,
	"account_id" uuid,
	"owner_id" uuid NOT NULL,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_records_module_check" CHECK ("crm_records"."module" in ('deals', 'accounts', 'contacts')),
	CONSTRAINT "crm_records_contact_account_check" CHECK ("crm_records"."module" <> 'contacts' or "crm_records"."account_id" is not null),
	CONSTRAINT "crm_records_normalized_name_check" CHECK (("crm_records"."module" = 'accounts') = ("crm_records"."normalized_name" is not null))
);
--> statement-breakpoint
CREATE TABLE "crm_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"csrf_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_sign_in_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"failed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"edition" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_organizations_edition_check" CHECK ("crm_organizations"."edition" in ('free', 'standard', 'professional', 'enterprise'))
);
--> statement-breakpoint
CREATE TABLE "integration_audit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_client_users" (
	"organization_id" uuid NOT NULL,
	"zpuid" text NOT NULL,
	"client_projects_id" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"contact_id" uuid,
	"synced_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_client_users_organization_id_zpuid_pk" PRIMARY KEY("organization_id","zpuid")
);
--> statement-breakpoint
CREATE TABLE "integration_clients" (
	"organization_id" uuid NOT NULL,
	"projects_id" text NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"account_id" uuid,
	"mapped_by" text,
	"synced_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_clients_organization_id_projects_id_pk" PRIMARY KEY("organization_id","projects_id")
);
--> statement-breakpoint
CREATE TABLE "integration_portal_users" (
	"organization_id" uuid NOT NULL,
	"zpuid" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean NOT NULL,
	"synced_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_portal_users_organization_id_zpuid_pk" PRIMARY KEY("organization_id","zpuid")
);
--> statement-breakpoint
CREATE TABLE "integration_project_clients" (
	"organization_id" uuid NOT NULL,
	"projects_id" text NOT NULL,
	"client_projects_id" text NOT NULL,
	CONSTRAINT "integration_project_clients_organization_id_projects_id_client_projects_id_pk" PRIMARY KEY("organization_id","projects_id","client_projects_id")
);
--> statement-breakpoint
CREATE TABLE "integration_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"projects_id" text NOT NULL,
	"name" text NOT NULL,
	"key" text,
	"status" text,
	"project_type" text,
	"owner_email" text,
	"owner_name" text,
	"start_date" text,
	"end_date" text,
	"data" jsonb NOT NULL,
	"modified_time" timestamp (3) with time zone,
	"deal_id" uuid,
	"account_id" uuid,
	"synced_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_webhook_events" (
	"organization_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"sequence" bigint,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_webhook_events_organization_id_event_id_pk" PRIMARY KEY("organization_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"trial_started_at" timestamp (3) with time zone,
	"trial_ends_at" timestamp (3) with time zone,
	"association_id" uuid,
	"portal_id" text,
	"portal_name" text,
	"credential_kind" text,
	"credential_email" text,
	"credential_secret" text,
	"pending_o_auth" text,
	"oauth_state" text,
	"oauth_state_expires_at" timestamp (3) with time zone,
	"webhook_id" text,
	"webhook_secret" text,
	"client_mapping" text DEFAULT 'pending' NOT NULL,
	"field_mapping_saved_at" timestamp (3) with time zone,
	"permissions_saved_at" timestamp (3) with time zone,
	"last_synced_at" timestamp (3) with time zone,
	"key_invalid_since" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integrations_status_check" CHECK ("integrations"."status" in ('setting_up', 'active', 'key_invalid', 'deactivated')),
	CONSTRAINT "integrations_client_mapping_check" CHECK ("integrations"."client_mapping" in ('pending', 'automatic', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "crm_api_tokens" ADD CONSTRAINT "crm_api_tokens_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_api_tokens" ADD CONSTRAINT "crm_api_tokens_user_id_crm_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."crm_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_fields" ADD CONSTRAINT "crm_fields_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_profiles" ADD CONSTRAINT "crm_profiles_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_records" ADD CONSTRAINT "crm_records_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_records" ADD CONSTRAINT "crm_records_owner_id_crm_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."crm_users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_records" ADD CONSTRAINT "crm_records_account_id_crm_records_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."crm_records"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_sessions" ADD CONSTRAINT "crm_sessions_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_sessions" ADD CONSTRAINT "crm_sessions_user_id_crm_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."crm_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_users" ADD CONSTRAINT "crm_users_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_users" ADD CONSTRAINT "crm_users_profile_id_crm_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."crm_profiles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_audit" ADD CONSTRAINT "integration_audit_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_audit" ADD CONSTRAINT "integration_audit_actor_user_id_crm_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."crm_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_client_users" ADD CONSTRAINT "integration_client_users_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_client_users" ADD CONSTRAINT "integration_client_users_contact_id_crm_records_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_clients" ADD CONSTRAINT "integration_clients_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_clients" ADD CONSTRAINT "integration_clients_account_id_crm_records_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."crm_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_portal_users" ADD CONSTRAINT "integration_portal_users_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_project_clients" ADD CONSTRAINT "integration_project_clients_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_projects" ADD CONSTRAINT "integration_projects_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_projects" ADD CONSTRAINT "integration_projects_deal_id_crm_records_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."crm_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_projects" ADD CONSTRAINT "integration_projects_account_id_crm_records_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."crm_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_webhook_events" ADD CONSTRAINT "integration_webhook_events_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_api_tokens_hash_unique" ON "crm_api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "crm_api_tokens_user_idx" ON "crm_api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_fields_org_module_api_name_unique" ON "crm_fields" USING btree ("organization_id","module","api_name");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_profiles_org_name_unique" ON "crm_profiles" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE INDEX "crm_records_list_idx" ON "crm_records" USING btree ("organization_id","module","created_at","id");--> statement-breakpoint
CREATE INDEX "crm_records_name_idx" ON "crm_records" USING btree ("organization_id","module","name","id");--> statement-breakpoint
CREATE INDEX "crm_records_account_idx" ON "crm_records" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "crm_records_owner_idx" ON "crm_records" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "crm_records_normalized_name_idx" ON "crm_records" USING btree ("organization_id","normalized_name") WHERE "crm_records"."module" = 'accounts';--> statement-breakpoint
CREATE UNIQUE INDEX "crm_sessions_token_hash_unique" ON "crm_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "crm_sessions_user_idx" ON "crm_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "crm_sign_in_failures_email_ip_idx" ON "crm_sign_in_failures" USING btree ("email","ip","failed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_users_org_email_unique" ON "crm_users" USING btree ("organization_id",lower("email"));--> statement-breakpoint
CREATE INDEX "crm_users_email_idx" ON "crm_users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "integration_audit_org_at_idx" ON "integration_audit" USING btree ("organization_id","at","id");--> statement-breakpoint
CREATE INDEX "integration_client_users_client_idx" ON "integration_client_users" USING btree ("organization_id","client_projects_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_clients_account_unique" ON "integration_clients" USING btree ("organization_id","account_id") WHERE "integration_clients"."account_id" is not null;--> statement-breakpoint
CREATE INDEX "integration_portal_users_email_idx" ON "integration_portal_users" USING btree ("organization_id",lower("email"));--> statement-breakpoint
CREATE INDEX "integration_project_clients_client_idx" ON "integration_project_clients" USING btree ("organization_id","client_projects_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_projects_org_projects_id_unique" ON "integration_projects" USING btree ("organization_id","projects_id");--> statement-breakpoint
CREATE INDEX "integration_projects_org_name_idx" ON "integration_projects" USING btree ("organization_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "integration_projects_deal_idx" ON "integration_projects" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "integration_projects_account_idx" ON "integration_projects" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integrations_webhook_id_unique" ON "integrations" USING btree ("webhook_id");