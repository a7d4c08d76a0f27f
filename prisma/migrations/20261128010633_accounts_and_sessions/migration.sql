-- CreateEnum
CREATE TYPE "account_kind" AS ENUM ('staff', 'enterprise', 'admin');

-- CreateEnum
CREATE TYPE "admin_role" AS ENUM ('system', 'security', 'audit');

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "kind" "account_kind" NOT NULL,
    "staff_member_id" TEXT,
    "enterprise_id" TEXT,
    "admin_role" "admin_role",
    "password_hash" TEXT NOT NULL,
    "password_changed_at" TIMESTAMPTZ(3) NOT NULL,
    "must_change_password" BOOLEAN NOT NULL DEFAULT true,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "totp_secret" TEXT,
    "totp_enabled" BOOLEAN NOT NULL DEFAULT false,
    "totp_last_step" BIGINT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "second_factor_passed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enterprise_figure" (
    "enterprise_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,
    "rd_expense" DECIMAL(14,2) NOT NULL,
    "employees" INTEGER NOT NULL,
    "invention_patents" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enterprise_figure_pkey" PRIMARY KEY ("enterprise_id","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_username_key" ON "account"("username");

-- CreateIndex
CREATE UNIQUE INDEX "account_staff_member_id_key" ON "account"("staff_member_id");

-- CreateIndex
CREATE INDEX "account_enterprise_id_idx" ON "account"("enterprise_id");

-- CreateIndex
CREATE INDEX "session_account_id_revoked_at_idx" ON "session"("account_id", "revoked_at");

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_staff_member_id_fkey" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enterprise_figure" ADD CONSTRAINT "enterprise_figure_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- An account is exactly one kind of person: staff (bound to a staff member), an enterprise's
-- contact (bound to the enterprise) or one of the three administrators.
ALTER TABLE "account" ADD CONSTRAINT "account_kind_binding" CHECK (
  ("kind" = 'staff' AND "staff_member_id" IS NOT NULL AND "enterprise_id" IS NULL AND "admin_role" IS NULL) OR
  ("kind" = 'enterprise' AND "enterprise_id" IS NOT NULL AND "staff_member_id" IS NULL AND "admin_role" IS NULL) OR
  ("kind" = 'admin' AND "admin_role" IS NOT NULL AND "staff_member_id" IS NULL AND "enterprise_id" IS NULL)
);

-- The audit trail is kept at least 180 days (等保 2.0): rows are never updated, and none younger
-- than that can be deleted, whoever connects. The hash chain still detects what a superuser does
-- with triggers disabled.
CREATE FUNCTION "audit_event_retention"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit_event rows are append-only';
  END IF;
  IF OLD."at" > now() - interval '180 days' THEN
    RAISE EXCEPTION 'audit_event rows are kept at least 180 days';
  END IF;
  RETURN OLD;
END;
$$;

CREATE TRIGGER "audit_event_retention" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_retention"();
