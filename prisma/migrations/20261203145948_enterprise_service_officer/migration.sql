-- AlterTable
ALTER TABLE "enterprise" ADD COLUMN     "service_officer_assigned_at" TIMESTAMPTZ(3),
ADD COLUMN     "service_officer_id" TEXT;

-- CreateIndex
CREATE INDEX "enterprise_service_officer_id_idx" ON "enterprise"("service_officer_id");

-- AddForeignKey
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_service_officer_id_fkey" FOREIGN KEY ("service_officer_id") REFERENCES "staff_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

