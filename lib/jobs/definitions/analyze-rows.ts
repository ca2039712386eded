import { z } from 'zod';
import { defineJob, givenUpFields } from '../job-definition.ts';

export const analyzeRowsPayload = z.object({
  analysisId: z.uuid(),
  /** Inclusive range of dropped-block rows this job computes. */
  firstRow: z.number().int().min(0),
  lastRow: z.number().int().min(0),
  /** The job that also computes the per-block metrics of the intact model. */
  withBlockMetrics: z.boolean(),
}).refine((p) => p.lastRow >= p.firstRow, { message: 'lastRow must not be below firstRow' });

export type AnalyzeRowsPayload = z.infer<typeof analyzeRowsPayload>;

/** One range of rows of a dependency matrix; many such jobs share one matrix across workers. */
export const analyzeRowsJob = defineJob<AnalyzeRowsPayload>({
  name: 'analyze-rows',
  payloadSchema: analyzeRowsPayload,
  handlerModule: new URL('./analyze-rows.handler.ts', import.meta.url).href,
  retryLimit: 3,
  expireInHours: 12,
  onGivenUp: async (db, payload, outcome) => {
    await db.analysis.updateMany({
      where: { id: payload.analysisId, status: { in: ['queued', 'running'] } },
      data: givenUpFields(outcome, (error) => `rows ${payload.firstRow}–${payload.lastRow}: ${error}`),
    });
  },
});
