/**
 * Environment for processes that run the analysis engine. glibc's malloc raises its mmap threshold
 * each time a large block is freed, so after the first block session is released, the next
 * block's weights come from the heap, and what the heap frees is kept for reuse instead of being
 * returned: on a 36-block model this held 60 MiB more than the engine's own peak. A fixed
 * threshold keeps every large allocation in its own mapping, handed back when freed. (Read by
 * glibc at process start; other C libraries ignore it.)
 */
export const ALLOCATOR_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };
