-- CreateTable
CREATE TABLE "subsidy_round" (
    "id" TEXT NOT NULL,
    "measure_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "opens_on" DATE NOT NULL,
    "closes_on" DATE NOT NULL,
    "eligibility" JSONB NOT NULL,
    "materials" JSONB NOT NULL,
    "max_amount" DECIMAL(14,2) NOT NULL,
    "supplement_days" INTEGER NOT NULL,
    "publicity_days" INTEGER NOT NULL,
    "opened_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subsidy_round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subsidy_application" (
    "id" TEXT NOT NULL,
    "round_id" TEXT NOT NULL,
    "enterprise_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "applicant_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "requested_amount" DECIMAL(14,2) NOT NULL,
    "approved_amount" DECIMAL(14,2),
    "paid_amount" DECIMAL(14,2),
    "materials" JSONB NOT NULL,
    "current_item_id" TEXT,
    "step_items" JSONB NOT NULL DEFAULT '{}',
    "notice" JSONB,
    "publicity" JSONB,
    "objections" JSONB NOT NULL DEFAULT '[]',
    "outcome_reason" TEXT,
    "origin_kind" TEXT,
    "origin_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subsidy_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subsidy_application_event" (
    "application_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "step" TEXT,
    "from_state" TEXT,
    "to_state" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "reason" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subsidy_application_event_pkey" PRIMARY KEY ("application_id","seq")
);

-- CreateIndex
CREATE INDEX "subsidy_round_closes_on_idx" ON "subsidy_round"("closes_on");

-- CreateIndex
CREATE UNIQUE INDEX "subsidy_application_workflow_id_key" ON "subsidy_application"("workflow_id");

-- CreateIndex
CREATE INDEX "subsidy_application_round_id_idx" ON "subsidy_application"("round_id");

-- CreateIndex
CREATE INDEX "subsidy_application_enterprise_id_idx" ON "subsidy_application"("enterprise_id");

-- CreateIndex
CREATE INDEX "subsidy_application_state_idx" ON "subsidy_application"("state");

-- AddForeignKey
ALTER TABLE "subsidy_application" ADD CONSTRAINT "subsidy_application_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "subsidy_round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subsidy_application_event" ADD CONSTRAINT "subsidy_application_event_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "subsidy_application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

