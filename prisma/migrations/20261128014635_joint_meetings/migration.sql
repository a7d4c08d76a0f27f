-- CreateEnum
CREATE TYPE "meeting_state" AS ENUM ('preparing', 'held', 'lapsed');

-- CreateTable
CREATE TABLE "meeting" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "scheduled_on" DATE NOT NULL,
    "state" "meeting_state" NOT NULL,
    "agenda" JSONB NOT NULL,
    "bulletin" JSONB NOT NULL,
    "minutes" TEXT,
    "held_on" DATE,
    "recorded_by" TEXT,
    "minutes_key" TEXT,
    "convened_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_decision" (
    "meeting_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "lead_unit_id" TEXT NOT NULL,
    "co_unit_ids" TEXT[],
    "item_id" TEXT,

    CONSTRAINT "meeting_decision_pkey" PRIMARY KEY ("meeting_id","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "meeting_workflow_id_key" ON "meeting"("workflow_id");

-- CreateIndex
CREATE INDEX "meeting_scheduled_on_idx" ON "meeting"("scheduled_on");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_year_number_key" ON "meeting"("year", "number");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_decision_item_id_key" ON "meeting_decision"("item_id");

-- AddForeignKey
ALTER TABLE "meeting_decision" ADD CONSTRAINT "meeting_decision_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

