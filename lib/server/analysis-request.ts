import { z } from 'zod';

export const calibrationRequest = z.union([
  z.object({ text: z.string().min(1, 'calibration text is empty') }).strict(),
  z.object({ ids: z.array(z.number().int().min(0)).min(1, 'calibration ids are empty') }).strict(),
  z.object({ calibrationSetId: z.string().min(1) }).strict(),
], { error: 'calibration must be {"text": string}, {"ids": number[]} or {"calibrationSetId": id}' });

export const analysisRequest = z.object({
  modelId: z.string().min(1, 'modelId is required'),
  calibration: calibrationRequest,
  seqLen: z.number().int().min(1, 'seqLen must be at least 1').max(65_536).optional(),
  name: z.string().optional(),
});

export type CalibrationRequest = z.infer<typeof calibrationRequest>;
export type AnalysisRequest = z.infer<typeof analysisRequest>;
