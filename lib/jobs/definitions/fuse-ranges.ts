import { z } from 'zod';
import { defineJob, givenUpFields } from '../job-definition.ts';

export const fuseRangesPayload = z.object({
  fusionRunId: z.uuid(),
});

export type FuseRangesPayload = z.infer<typeof fuseRangesPayload>;

/** One fusion run: build the fused model of its ranges, keep it, and measure it against the source model. */
export const fuseRangesJob = defineJob<FuseRangesPayload>({
  name: 'fuse-ranges',
  payloadSchema: fuseRangesPayload,
  handlerModule: new URL('./fuse-ranges.handler.ts', import.meta.url).href,
  retryLimit: 1,
  expireInHours: 6,
  onGivenUp: async (db, payload, outcome) => {
    await db.fusionRun.updateMany({
      where: { id: payload.fusionRunId, status: { in: ['queued', 'running'] } },
      data: givenUpFields(outcome),
    });
  },
});
