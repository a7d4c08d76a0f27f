-- AlterEnum
ALTER TYPE "item_process" ADD VALUE 'listing';

-- CreateTable
CREATE TABLE "listing_case" (
    "id" TEXT NOT NULL,
    "enterprise_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "officer_id" TEXT NOT NULL,
    "officer_unit_id" TEXT NOT NULL,
    "current_milestone" TEXT NOT NULL,
    "next_milestone" TEXT,
    "next_due_on" DATE,
    "reached" JSONB NOT NULL,
    "pending_evidence" JSONB NOT NULL,
    "stall_escalations" JSONB NOT NULL,
    "reward_claims" JSONB NOT NULL,
    "open_check_ins" JSONB NOT NULL,
    "enrolled_on" DATE NOT NULL,
    "listed_on" DATE,
    "enrol_key" TEXT,
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "listing_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listing_event" (
    "case_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "milestone" TEXT,
    "actor_id" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "listing_event_pkey" PRIMARY KEY ("case_id","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "listing_case_enterprise_id_key" ON "listing_case"("enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "listing_case_workflow_id_key" ON "listing_case"("workflow_id");

-- CreateIndex
CREATE INDEX "listing_case_officer_unit_id_idx" ON "listing_case"("officer_unit_id");

-- AddForeignKey
ALTER TABLE "listing_case" ADD CONSTRAINT "listing_case_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing_event" ADD CONSTRAINT "listing_event_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "listing_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

