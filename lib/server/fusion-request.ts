import { z } from 'zod';

const range = z.tuple([z.number().int().min(0), z.number().int().min(0)])
  .refine(([a, b]) => b > a, { message: 'a range [a, b] needs b > a (at least two blocks)' });

export const fusionRequest = z.object({
  modelId: z.string().min(1, 'modelId is required'),
  analysisId: z.string().min(1).nullish(),
  ranges: z.array(range).min(1, 'give at least one range [a, b]'),
});

export type FusionRequest = z.infer<typeof fusionRequest>;
