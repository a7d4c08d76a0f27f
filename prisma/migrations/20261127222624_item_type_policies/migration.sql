-- CreateEnum
CREATE TYPE "item_process" AS ENUM ('difficulty', 'meeting', 'measure', 'subsidy', 'general');

-- CreateTable
CREATE TABLE "item_type" (
    "type" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "process" "item_process" NOT NULL,
    "policy" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_type_pkey" PRIMARY KEY ("type")
);

-- CreateTable
CREATE TABLE "item_type_revision" (
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "policy" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_type_revision_pkey" PRIMARY KEY ("type","version")
);

-- CreateIndex
CREATE INDEX "item_type_process_idx" ON "item_type"("process");

-- AddForeignKey
ALTER TABLE "item_type_revision" ADD CONSTRAINT "item_type_revision_type_fkey" FOREIGN KEY ("type") REFERENCES "item_type"("type") ON DELETE RESTRICT ON UPDATE CASCADE;

