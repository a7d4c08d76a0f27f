-- AlterTable
ALTER TABLE "calendar_revision" ADD COLUMN     "recompute_started_at" TIMESTAMPTZ(3);

