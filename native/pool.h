// A persistent pool of worker threads that, with the calling thread, runs the chunks of one task at
// a time. Idle workers spin briefly (the products of a training step come close together), then
// spin yielding their core to other threads between polls, then sleep until the next task.
#ifndef ATRADIFF_POOL_H
#define ATRADIFF_POOL_H

/** Computes chunk `chunk` of `task` on thread `thread` (0 = the caller of pool_run). */
typedef void (*chunk_fn)(const void* task, int chunk, int thread);

typedef struct pool pool;

/** A pool of `threads` threads in all (threads - 1 workers); NULL if a thread cannot start. */
pool* pool_create(int threads);
/** Runs chunks 0..chunks-1 of `task` on the pool and the calling thread; returns when all are done. */
void pool_run(pool* p, chunk_fn fn, const void* task, int chunks);
/** Stops and joins the workers. */
void pool_destroy(pool* p);
#endif
