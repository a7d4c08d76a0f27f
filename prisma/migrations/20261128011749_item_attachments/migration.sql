-- CreateTable
CREATE TABLE "item_attachment" (
    "id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "item_attachment_item_id_created_at_idx" ON "item_attachment"("item_id", "created_at");

-- AddForeignKey
ALTER TABLE "item_attachment" ADD CONSTRAINT "item_attachment_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "supervised_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

