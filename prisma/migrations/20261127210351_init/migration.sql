-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "unit_kind" AS ENUM ('commission', 'department', 'park', 'town', 'external');

-- CreateEnum
CREATE TYPE "measure_kind" AS ENUM ('measure', 'mechanism');

-- CreateEnum
CREATE TYPE "difficulty_state" AS ENUM ('assigned', 'resolved');

-- CreateEnum
CREATE TYPE "item_state" AS ENUM ('pending_sign', 'in_progress', 'pending_review', 'completed', 'closed', 'returned', 'halted');

-- CreateEnum
CREATE TYPE "item_colour" AS ENUM ('green', 'yellow', 'red');

-- CreateEnum
CREATE TYPE "calendar_day_kind" AS ENUM ('holiday', 'makeup_workday', 'closure');

-- CreateTable
CREATE TABLE "unit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "unit_kind" NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "issued_on" DATE NOT NULL,
    "period_from" DATE NOT NULL,
    "period_to" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_target" (
    "plan_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" INTEGER NOT NULL,
    "due" DATE NOT NULL,

    CONSTRAINT "plan_target_pkey" PRIMARY KEY ("plan_id","key")
);

-- CreateTable
CREATE TABLE "measure" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "kind" "measure_kind" NOT NULL,
    "no" TEXT NOT NULL,
    "category_no" TEXT,
    "category_title" TEXT,
    "title" TEXT,
    "text" TEXT NOT NULL,
    "unit_ids" TEXT[],
    "sub_targets" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "measure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enterprise" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "town_unit_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "difficulty" (
    "id" TEXT NOT NULL,
    "enterprise_id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "state" "difficulty_state" NOT NULL,
    "raised_by" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "difficulty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supervised_item" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "source_kind" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "lead_unit_id" TEXT NOT NULL,
    "state" "item_state" NOT NULL,
    "budget_days" INTEGER NOT NULL,
    "sign_due_on" DATE NOT NULL,
    "due_on" DATE NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "colour" "item_colour" NOT NULL DEFAULT 'green',
    "signed_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "result" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supervised_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_event" (
    "item_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "from_state" "item_state",
    "to_state" "item_state" NOT NULL,
    "actor_id" TEXT NOT NULL,
    "unit_id" TEXT,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "item_event_pkey" PRIMARY KEY ("item_id","seq")
);

-- CreateTable
CREATE TABLE "calendar_day" (
    "date" DATE NOT NULL,
    "kind" "calendar_day_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "year" INTEGER NOT NULL,

    CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "dedup_key" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "unit_name_key" ON "unit"("name");

-- CreateIndex
CREATE UNIQUE INDEX "measure_plan_id_kind_no_key" ON "measure"("plan_id", "kind", "no");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_credit_code_key" ON "enterprise"("credit_code");

-- CreateIndex
CREATE UNIQUE INDEX "difficulty_workflow_id_key" ON "difficulty"("workflow_id");

-- CreateIndex
CREATE INDEX "difficulty_enterprise_id_created_at_idx" ON "difficulty"("enterprise_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "supervised_item_workflow_id_key" ON "supervised_item"("workflow_id");

-- CreateIndex
CREATE INDEX "supervised_item_lead_unit_id_state_due_on_id_idx" ON "supervised_item"("lead_unit_id", "state", "due_on", "id");

-- CreateIndex
CREATE INDEX "calendar_day_year_idx" ON "calendar_day"("year");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_dedup_key_key" ON "audit_event"("dedup_key");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");

-- CreateIndex
CREATE INDEX "audit_event_subject_seq_idx" ON "audit_event"("subject", "seq");

-- AddForeignKey
ALTER TABLE "plan_target" ADD CONSTRAINT "plan_target_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "measure" ADD CONSTRAINT "measure_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "difficulty" ADD CONSTRAINT "difficulty_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervised_item" ADD CONSTRAINT "supervised_item_lead_unit_id_fkey" FOREIGN KEY ("lead_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_event" ADD CONSTRAINT "item_event_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "supervised_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

