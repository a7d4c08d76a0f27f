-- CreateIndex
CREATE INDEX "audit_event_action_seq_idx" ON "audit_event"("action", "seq");

