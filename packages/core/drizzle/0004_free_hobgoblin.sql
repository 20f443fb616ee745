CREATE TABLE "integration_profile_permissions" (
	"organization_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"tab" boolean NOT NULL,
	"view" boolean NOT NULL,
	"create" boolean NOT NULL,
	"edit" boolean NOT NULL,
	"delete" boolean NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_profile_permissions_organization_id_profile_id_pk" PRIMARY KEY("organization_id","profile_id")
);
--> statement-breakpoint
ALTER TABLE "integration_profile_permissions" ADD CONSTRAINT "integration_profile_permissions_organization_id_crm_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."crm_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_profile_permissions" ADD CONSTRAINT "integration_profile_permissions_profile_id_crm_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."crm_profiles"("id") ON DELETE cascade ON UPDATE no action;