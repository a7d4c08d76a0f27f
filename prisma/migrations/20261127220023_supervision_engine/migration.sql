-- CreateEnum
CREATE TYPE "outbox_channel" AS ENUM ('email', 'webhook');

-- CreateEnum
CREATE TYPE "outbox_status" AS ENUM ('pending', 'sending', 'sent', 'dead');

-- CreateEnum
CREATE TYPE "org_role" AS ENUM ('liaison', 'unit_leader', 'commission_officer', 'commission_head', 'district_leader');

-- CreateEnum
CREATE TYPE "assignment_role" AS ENUM ('lead', 'co');

-- DropIndex
DROP INDEX "supervised_item_lead_unit_id_state_due_on_id_idx";

-- AlterTable
ALTER TABLE "supervised_item" ADD COLUMN     "clock" JSONB NOT NULL,
ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "due_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalation" TEXT,
ADD COLUMN     "extension_pending" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reported_at" TIMESTAMPTZ(3),
ALTER COLUMN "due_on" DROP NOT NULL;

-- AlterTable
ALTER TABLE "item_event" ADD COLUMN     "detail" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "calendar_revision" (
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "document" TEXT,
    "days" JSONB NOT NULL,
    "published_by" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_revision_pkey" PRIMARY KEY ("year","version")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" TEXT NOT NULL,
    "recipient_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "item_id" TEXT,
    "document_title" TEXT,
    "document" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "dedup_key" TEXT NOT NULL,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" TEXT NOT NULL,
    "channel" "outbox_channel" NOT NULL,
    "target" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "html" TEXT,
    "recipient_id" TEXT,
    "subscription_id" TEXT,
    "dedup_key" TEXT NOT NULL,
    "status" "outbox_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempt" (
    "id" BIGSERIAL NOT NULL,
    "message_id" TEXT NOT NULL,
    "attempt_no" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "delivery_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_subscription" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "kinds" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_member" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "roles" "org_role"[],
    "email" TEXT,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "acting_assignment" (
    "id" TEXT NOT NULL,
    "staff_member_id" TEXT NOT NULL,
    "for_staff_member_id" TEXT NOT NULL,
    "from_on" DATE NOT NULL,
    "to_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "acting_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_assignment" (
    "item_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "role" "assignment_role" NOT NULL,
    "state" "item_state" NOT NULL,
    "due_on" DATE,
    "colour" "item_colour" NOT NULL DEFAULT 'green',
    "reported_at" TIMESTAMPTZ(3),
    "report" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "item_assignment_pkey" PRIMARY KEY ("item_id","unit_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_dedup_key_key" ON "notification"("dedup_key");

-- CreateIndex
CREATE INDEX "notification_recipient_id_created_at_idx" ON "notification"("recipient_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_dedup_key_key" ON "outbox_message"("dedup_key");

-- CreateIndex
CREATE INDEX "outbox_message_status_next_attempt_at_idx" ON "outbox_message"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "delivery_attempt_message_id_attempt_no_idx" ON "delivery_attempt"("message_id", "attempt_no");

-- CreateIndex
CREATE INDEX "staff_member_unit_id_idx" ON "staff_member"("unit_id");

-- CreateIndex
CREATE INDEX "acting_assignment_for_staff_member_id_to_on_idx" ON "acting_assignment"("for_staff_member_id", "to_on");

-- CreateIndex
CREATE INDEX "acting_assignment_staff_member_id_idx" ON "acting_assignment"("staff_member_id");

-- CreateIndex
CREATE INDEX "item_assignment_unit_id_state_due_on_item_id_idx" ON "item_assignment"("unit_id", "state", "due_on", "item_id");

-- CreateIndex
CREATE INDEX "supervised_item_source_kind_source_id_idx" ON "supervised_item"("source_kind", "source_id");

-- CreateIndex
CREATE INDEX "supervised_item_state_colour_due_on_idx" ON "supervised_item"("state", "colour", "due_on");

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "staff_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempt" ADD CONSTRAINT "delivery_attempt_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "outbox_message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_member" ADD CONSTRAINT "staff_member_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acting_assignment" ADD CONSTRAINT "acting_assignment_staff_member_id_fkey" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acting_assignment" ADD CONSTRAINT "acting_assignment_for_staff_member_id_fkey" FOREIGN KEY ("for_staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_assignment" ADD CONSTRAINT "item_assignment_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "supervised_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_assignment" ADD CONSTRAINT "item_assignment_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

