import type { Db } from '../db/prisma-client.ts';
import { notFound } from '../server/http-error.ts';
import { isUuid } from '../server/uuid.ts';

/** The URL segment naming a kind of run: /api/runs/analyses/:id, /api/runs/fusions/:id. */
export const RUN_KINDS = ['analyses', 'fusions'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface RunRef {
  kind: RunKind;
  id: string;
}

export interface RunInfo extends RunRef {
  title: string;
  status: string;
  reviewState: string;
  createdById: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

export function isRunKind(value: string): value is RunKind {
  return (RUN_KINDS as readonly string[]).includes(value);
}

/** The foreign key naming this run on comments, reviews and review requests. */
export function runKey(ref: RunRef): { analysisId: string } | { fusionRunId: string } {
  return ref.kind === 'analyses' ? { analysisId: ref.id } : { fusionRunId: ref.id };
}

export function runPagePath(ref: RunRef): string {
  return `/${ref.kind}/${ref.id}`;
}

export async function findRun(db: Db, ref: RunRef): Promise<RunInfo | null> {
  if (!isUuid(ref.id)) return null;
  if (ref.kind === 'analyses') {
    const a = await db.analysis.findUnique({ where: { id: ref.id }, include: { model: { select: { name: true } } } });
    return a && { ...ref, ...pickRun(a), title: `analysis of ${a.model.name}` };
  }
  const f = await db.fusionRun.findUnique({ where: { id: ref.id }, include: { model: { select: { name: true } } } });
  return f && { ...ref, ...pickRun(f), title: `fusion of ${f.model.name} ${formatRanges(f.ranges)}` };
}

/** The run, or a 404 naming it. */
export async function requireRun(db: Db, kind: string, id: string): Promise<RunInfo> {
  const run = isRunKind(kind) ? await findRun(db, { kind, id }) : null;
  if (!run) throw notFound(`no ${kind === 'fusions' ? 'fusion run' : kind === 'analyses' ? 'analysis' : kind} with id ${id}`);
  return run;
}

type RunRow = { status: string; reviewState: string; createdById: string | null; createdAt: Date; startedAt: Date | null; finishedAt: Date | null; error: string | null };

function pickRun(row: RunRow): Omit<RunInfo, 'kind' | 'id' | 'title'> {
  const { status, reviewState, createdById, createdAt, startedAt, finishedAt, error } = row;
  return { status, reviewState, createdById, createdAt, startedAt, finishedAt, error };
}

function formatRanges(ranges: unknown): string {
  return Array.isArray(ranges) ? ranges.map((r) => (Array.isArray(r) ? `[${r.join('-')}]` : '')).join(' ') : '';
}
