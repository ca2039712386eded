/** Polls GET /api/health until the database, the queue and at least `workers` workers are up. */
export async function waitForHealth(baseUrl: string, workers: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < until) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      const health = (await response.json()) as { database: { ok: boolean }; queue: { ok: boolean }; workers: unknown[] };
      if (health.database.ok && health.queue.ok && health.workers.length >= workers) return;
      last = JSON.stringify(health);
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dashboard did not become healthy within ${timeoutMs / 1000} s: ${last}`);
}
