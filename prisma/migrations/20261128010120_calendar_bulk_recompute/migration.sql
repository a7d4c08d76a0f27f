-- AlterTable
ALTER TABLE "supervised_item" ADD COLUMN     "deadline_policy" JSONB;

-- CreateTable
CREATE TABLE "item_recalculation" (
    "item_id" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "item_recalculation_pkey" PRIMARY KEY ("item_id","revision")
);

-- AddForeignKey
ALTER TABLE "item_recalculation" ADD CONSTRAINT "item_recalculation_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "supervised_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: an item copied its type's policy when it was created, so take the type's revision in
-- force at the item's creation (item_type_revision keeps every version); an item older than its
-- type's first recorded revision got that first version. An item of an unknown type stays null
-- and is recomputed by its workflow.
UPDATE "supervised_item" AS i
   SET "deadline_policy" = (
     SELECT jsonb_build_object(
              'signDays', rev."policy" -> 'signDays',
              'coUnitLeadDays', rev."policy" -> 'coUnitLeadDays',
              'warning', rev."policy" -> 'escalation' -> 'warning')
       FROM "item_type_revision" AS rev
      WHERE rev."type" = i."type"
      ORDER BY (rev."changed_at" <= i."created_at") DESC,
               CASE WHEN rev."changed_at" <= i."created_at" THEN rev."version" END DESC,
               rev."version" ASC
      LIMIT 1);
