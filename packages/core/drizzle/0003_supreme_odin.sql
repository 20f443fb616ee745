ALTER TABLE "integration_project_clients" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "integration_project_clients" CASCADE;--> statement-breakpoint
CREATE INDEX "integration_projects_clients_idx" ON "integration_projects" USING gin (("data" -> 'clients') jsonb_path_ops);