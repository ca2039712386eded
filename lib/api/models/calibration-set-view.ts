import type { CalibrationSet } from '../../db/generated/client.ts';

export interface CalibrationSetView {
  id: string;
  name: string;
  source: string;
  seqLen: number;
  tokenCount: number;
  sequenceCount: number;
  createdAt: string;
}

export function toCalibrationSetView(c: CalibrationSet): CalibrationSetView {
  return { id: c.id, name: c.name, source: c.source, seqLen: c.seqLen, tokenCount: c.tokenCount, sequenceCount: c.sequenceCount, createdAt: c.createdAt.toISOString() };
}
