-- CreateEnum
CREATE TYPE "recognition_application_state" AS ENUM ('in_review', 'recognised', 'rejected');

-- AlterEnum
ALTER TYPE "item_process" ADD VALUE 'recognition';

-- CreateTable
CREATE TABLE "recognition_criteria" (
    "tier" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recognition_criteria_pkey" PRIMARY KEY ("tier","version")
);

-- CreateTable
CREATE TABLE "recognition_batch" (
    "id" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "opens_on" DATE NOT NULL,
    "cutoff_on" DATE NOT NULL,
    "criteria_version" TEXT NOT NULL,
    "figures_year" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recognition_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recognition_application" (
    "id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "enterprise_id" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "state" "recognition_application_state" NOT NULL,
    "current_step" TEXT,
    "criteria_check" JSONB NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "applied_by" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recognition_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recognition_step" (
    "application_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "item_id" TEXT,
    "decision" TEXT,
    "comment" TEXT,
    "detail" JSONB,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recognition_step_pkey" PRIMARY KEY ("application_id","seq")
);

-- CreateTable
CREATE TABLE "enterprise_tier" (
    "id" TEXT NOT NULL,
    "enterprise_id" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "recognised_on" DATE NOT NULL,
    "valid_until" DATE NOT NULL,
    "recheck_on" DATE NOT NULL,
    "batch_id" TEXT,
    "application_id" TEXT,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "recheck_item_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enterprise_tier_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recognition_batch_tier_cutoff_on_idx" ON "recognition_batch"("tier", "cutoff_on");

-- CreateIndex
CREATE UNIQUE INDEX "recognition_application_workflow_id_key" ON "recognition_application"("workflow_id");

-- CreateIndex
CREATE INDEX "recognition_application_enterprise_id_idx" ON "recognition_application"("enterprise_id");

-- CreateIndex
CREATE INDEX "recognition_application_state_tier_idx" ON "recognition_application"("state", "tier");

-- CreateIndex
CREATE UNIQUE INDEX "recognition_application_batch_id_enterprise_id_key" ON "recognition_application"("batch_id", "enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "recognition_step_item_id_key" ON "recognition_step"("item_id");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_tier_application_id_key" ON "enterprise_tier"("application_id");

-- CreateIndex
CREATE INDEX "enterprise_tier_tier_recognised_on_idx" ON "enterprise_tier"("tier", "recognised_on");

-- CreateIndex
CREATE INDEX "enterprise_tier_valid_until_idx" ON "enterprise_tier"("valid_until");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_tier_enterprise_id_tier_recognised_on_key" ON "enterprise_tier"("enterprise_id", "tier", "recognised_on");

-- AddForeignKey
ALTER TABLE "recognition_application" ADD CONSTRAINT "recognition_application_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "recognition_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recognition_step" ADD CONSTRAINT "recognition_step_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "recognition_application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

