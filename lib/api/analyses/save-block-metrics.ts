import type { Db } from '../../db/prisma-client.ts';
import type { BlockMetrics } from '../../analysis/types.ts';

export async function saveBlockMetrics(db: Db, analysisId: string, metrics: BlockMetrics): Promise<void> {
  await db.$transaction(metrics.blockInfluence.map((blockInfluence, blockIndex) => {
    const values = {
      inputOutputCosineDistance: metrics.inputOutputCosineDistance[blockIndex]!,
      contributionNormRatio: metrics.contributionNormRatio[blockIndex]!,
      blockInfluence,
    };
    return db.blockMetric.upsert({
      where: { analysisId_blockIndex: { analysisId, blockIndex } },
      create: { analysisId, blockIndex, ...values },
      update: values,
    });
  }));
}
