-- AlterTable
ALTER TABLE "calendar_year" ADD COLUMN     "provisional" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "calendar_revision" ADD COLUMN     "provisional" BOOLEAN NOT NULL DEFAULT false;

