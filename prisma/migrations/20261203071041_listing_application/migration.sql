-- CreateTable
CREATE TABLE "listing_application" (
    "id" TEXT NOT NULL,
    "enterprise_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "intended_board" TEXT NOT NULL,
    "target_year" INTEGER NOT NULL,
    "plan" TEXT NOT NULL,
    "documents" JSONB NOT NULL,
    "applied_by" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL,
    "apply_key" TEXT,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "case_id" TEXT,

    CONSTRAINT "listing_application_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "listing_application_enterprise_id_applied_at_idx" ON "listing_application"("enterprise_id", "applied_at");

-- CreateIndex
CREATE INDEX "listing_application_state_applied_at_idx" ON "listing_application"("state", "applied_at");

-- AddForeignKey
ALTER TABLE "listing_application" ADD CONSTRAINT "listing_application_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One pending application per enterprise (a concurrent second submission fails here).
CREATE UNIQUE INDEX "listing_application_one_pending" ON "listing_application"("enterprise_id") WHERE "state" = 'pending';
