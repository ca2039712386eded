-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "parentId" UUID,
ADD COLUMN     "lineage" JSONB;

-- CreateIndex
CREATE INDEX "Model_parentId_idx" ON "Model"("parentId");

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Model"("id") ON DELETE SET NULL ON UPDATE CASCADE;
