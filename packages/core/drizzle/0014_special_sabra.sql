ALTER TABLE "integrations" ADD COLUMN "last_sync_failures" jsonb;--> statement-breakpoint
CREATE INDEX "outbound_events_created_idx" ON "outbound_events" USING btree ("created_at");