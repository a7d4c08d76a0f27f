-- CreateEnum
CREATE TYPE "import_kind" AS ENUM ('enterprises', 'plan');

-- CreateEnum
CREATE TYPE "import_state" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- AlterTable
ALTER TABLE "enterprise" ADD COLUMN     "contact_name" TEXT,
ADD COLUMN     "contact_phone" TEXT,
ADD COLUMN     "industry" TEXT;

-- AlterTable
ALTER TABLE "acting_assignment" ADD COLUMN     "ended_at" TIMESTAMPTZ(3),
ADD COLUMN     "ended_by" TEXT;

-- CreateTable
CREATE TABLE "import_job" (
    "id" TEXT NOT NULL,
    "kind" "import_kind" NOT NULL,
    "state" "import_state" NOT NULL DEFAULT 'queued',
    "file_name" TEXT NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "summary" JSONB,
    "failure" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_job_created_at_idx" ON "import_job"("created_at");

-- CreateIndex
CREATE INDEX "import_job_file_sha256_idx" ON "import_job"("file_sha256");

