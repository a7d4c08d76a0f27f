-- CreateTable
CREATE TABLE "measure_task" (
    "id" TEXT NOT NULL,
    "measure_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "lead_unit_id" TEXT NOT NULL,
    "co_unit_ids" TEXT[],
    "cadence" JSONB NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE,
    "launched_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "measure_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "measure_report" (
    "task_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "period_from" DATE NOT NULL,
    "period_to" DATE NOT NULL,
    "item_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "measure_report_pkey" PRIMARY KEY ("task_id","period")
);

-- CreateTable
CREATE TABLE "measure_achievement" (
    "id" TEXT NOT NULL,
    "measure_id" TEXT NOT NULL,
    "sub_target" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "achieved_on" DATE NOT NULL,
    "unit_id" TEXT NOT NULL,
    "enterprise_id" TEXT,
    "evidence" TEXT NOT NULL,
    "reference" TEXT,
    "recorded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "measure_achievement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "measure_task_measure_id_key" ON "measure_task"("measure_id");

-- CreateIndex
CREATE UNIQUE INDEX "measure_task_workflow_id_key" ON "measure_task"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "measure_report_item_id_key" ON "measure_report"("item_id");

-- CreateIndex
CREATE INDEX "measure_achievement_measure_id_sub_target_achieved_on_idx" ON "measure_achievement"("measure_id", "sub_target", "achieved_on");

-- AddForeignKey
ALTER TABLE "measure_task" ADD CONSTRAINT "measure_task_measure_id_fkey" FOREIGN KEY ("measure_id") REFERENCES "measure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "measure_report" ADD CONSTRAINT "measure_report_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "measure_task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "measure_achievement" ADD CONSTRAINT "measure_achievement_measure_id_fkey" FOREIGN KEY ("measure_id") REFERENCES "measure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

