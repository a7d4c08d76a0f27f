-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "difficulty_state" ADD VALUE 'awaiting_classification';
ALTER TYPE "difficulty_state" ADD VALUE 'awaiting_rating';

-- AlterTable
ALTER TABLE "difficulty" ADD COLUMN     "co_unit_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "lead_unit_id" TEXT,
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'commission',
ADD COLUMN     "rating_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "rating_policy" JSONB,
ADD COLUMN     "reopen_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "difficulty_rating" (
    "id" TEXT NOT NULL,
    "difficulty_id" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "item_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "score" INTEGER,
    "cause" TEXT,
    "comment" TEXT,
    "reopened" BOOLEAN NOT NULL DEFAULT false,
    "rated_by" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "difficulty_rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "difficulty_event" (
    "difficulty_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "from_state" TEXT,
    "to_state" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "difficulty_event_pkey" PRIMARY KEY ("difficulty_id","seq")
);

-- CreateIndex
CREATE INDEX "difficulty_rating_unit_id_at_idx" ON "difficulty_rating"("unit_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "difficulty_rating_difficulty_id_round_unit_id_key" ON "difficulty_rating"("difficulty_id", "round", "unit_id");

-- AddForeignKey
ALTER TABLE "difficulty_rating" ADD CONSTRAINT "difficulty_rating_difficulty_id_fkey" FOREIGN KEY ("difficulty_id") REFERENCES "difficulty"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "difficulty_event" ADD CONSTRAINT "difficulty_event_difficulty_id_fkey" FOREIGN KEY ("difficulty_id") REFERENCES "difficulty"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

