/**
 * FusionRun.metrics as written by the fusion job. Every field is optional here: the page shows
 * what is present and a dash for the rest.
 */
export interface FusionMetrics {
  kl?: number;
  crossEntropy?: { reference?: number; candidate?: number; unit?: string };
  logitsCosineDistance?: number;
  latencyMs?: { reference?: number; candidate?: number };
  depth?: { reference?: number; candidate?: number };
  parameters?: { reference?: number; candidate?: number };
  ranges?: unknown[];
  [key: string]: unknown;
}
