-- DropIndex
DROP INDEX "item_assignment_unit_id_state_due_on_item_id_idx";

-- AlterTable
-- Edited by hand from the generated ADD COLUMN … NOT NULL, which fails on a table with rows:
-- existing rows get the values activities/supervision/item-activities.ts writes (open: the
-- state is one of openItemStates; sort_on: due_on, or 9999-12-31 while undated; type: the
-- item's), then the columns become NOT NULL. The resulting schema is the generated one.
ALTER TABLE "item_assignment" ADD COLUMN     "open" BOOLEAN,
ADD COLUMN     "sort_on" DATE,
ADD COLUMN     "type" TEXT;

UPDATE "item_assignment" a
   SET "open" = a."state" IN ('pending_sign', 'in_progress', 'pending_review', 'returned'),
       "sort_on" = coalesce(a."due_on", DATE '9999-12-31'),
       "type" = i."type"
  FROM "supervised_item" i
 WHERE i."id" = a."item_id";

ALTER TABLE "item_assignment" ALTER COLUMN "open" SET NOT NULL,
ALTER COLUMN "sort_on" SET NOT NULL,
ALTER COLUMN "type" SET NOT NULL;

-- CreateIndex
CREATE INDEX "item_assignment_unit_id_open_sort_on_item_id_idx" ON "item_assignment"("unit_id", "open", "sort_on", "item_id");

-- CreateIndex
CREATE INDEX "item_assignment_unit_id_state_sort_on_item_id_idx" ON "item_assignment"("unit_id", "state", "sort_on", "item_id");

