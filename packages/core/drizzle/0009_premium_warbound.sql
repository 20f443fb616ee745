CREATE TABLE "integration_contact_origins" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"source" text DEFAULT 'projects' NOT NULL,
	"zpuid" text NOT NULL,
	"client_projects_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_contact_origins_source_check" CHECK ("integration_contact_origins"."source" in ('projects'))
);
--> statement-breakpoint
CREATE TABLE "integration_project_contact_checks" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"modified_time" timestamp (3) with time zone,
	"checked_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_project_contacts" (
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"zpuid" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_project_contacts_project_id_contact_id_pk" PRIMARY KEY("project_id","contact_id")
);
--> statement-breakpoint
ALTER TABLE "integration_contact_origins" ADD CONSTRAINT "integration_contact_origins_contact_id_crm_records_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_contact_origins" ADD CONSTRAINT "integration_contact_origins_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_project_contact_checks" ADD CONSTRAINT "integration_project_contact_checks_project_id_integration_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."integration_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_project_contact_checks" ADD CONSTRAINT "integration_project_contact_checks_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_project_contacts" ADD CONSTRAINT "integration_project_contacts_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_project_contacts" ADD CONSTRAINT "integration_project_contacts_project_id_integration_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."integration_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_project_contacts" ADD CONSTRAINT "integration_project_contacts_contact_id_crm_records_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integration_contact_origins_org_idx" ON "integration_contact_origins" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "integration_project_contact_checks_org_idx" ON "integration_project_contact_checks" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "integration_project_contacts_contact_idx" ON "integration_project_contacts" USING btree ("contact_id");