// The thread pool of pool.h. A task is posted through one 64-bit claim word holding
// (generation << 32) | next chunk, as the WebAssembly engine's control block does
// (src/engine/threadControl.ts): the caller closes the word (next = CLOSED, new generation), writes
// the task, then opens it (next = 0). A thread claims a chunk by a compare-exchange of the exact
// word it read before reading the task, so a claim succeeds only if no new task was posted in
// between, and a thread never computes a chunk with another task's fields. Threads slowed down by
// other processes simply claim fewer chunks.
#define _GNU_SOURCE
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

#define CLOSED 0xffffffffu
/** How long an idle worker spins before sleeping: waking a sleeping thread is slow here (results/engine.md). */
#define WORKER_SPIN_NS 20000000LL
/**
 * After this long without a task an idle worker yields its core between polls: a worker spinning
 * without yielding kept Node's own helper threads (its garbage collector's) off that core, which
 * slowed the JavaScript between products more than the products gained.
 */
#define WORKER_YIELD_AFTER_NS 20000LL
/** How long the caller spins for a late chunk before yielding its core to the thread computing it. */
#define CALLER_SPIN_NS 2000000LL

struct pool {
  int threads;
  pthread_t* workers;
  _Atomic uint64_t claim;
  _Atomic int completed;
  _Atomic int stop;
  _Atomic int sleeping;
  // The posted task: read only after a claim word of its generation, valid if the claim succeeds.
  _Atomic(chunk_fn) fn;
  _Atomic(const void*) task;
  _Atomic int chunks;
  uint32_t generation;
  pthread_mutex_t lock;
  pthread_cond_t wake;
};

typedef struct {
  pool* p;
  int index;
} worker_arg;

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static uint32_t generation_of(uint64_t word) { return (uint32_t)(word >> 32); }
static uint32_t next_of(uint64_t word) { return (uint32_t)word; }

/** Claims and computes chunks of the task of `generation` until none is left or another is posted. */
static void run_chunks(pool* p, uint32_t generation, int thread) {
  uint64_t word = atomic_load(&p->claim);
  if (generation_of(word) != generation || next_of(word) == CLOSED) return;
  const chunk_fn fn = atomic_load_explicit(&p->fn, memory_order_relaxed);
  const void* task = atomic_load_explicit(&p->task, memory_order_relaxed);
  const uint32_t chunks = (uint32_t)atomic_load_explicit(&p->chunks, memory_order_relaxed);
  for (;;) {
    if (generation_of(word) != generation || next_of(word) >= chunks) return;
    if (!atomic_compare_exchange_weak(&p->claim, &word, word + 1)) continue;
    fn(task, (int)next_of(word), thread);
    atomic_fetch_add(&p->completed, 1);
    word += 1;
  }
}

static void* worker_main(void* arg) {
  pool* p = ((worker_arg*)arg)->p;
  const int index = ((worker_arg*)arg)->index;
  free(arg);
  uint32_t last = 0;
  for (;;) {
    const long long idle_from = now_ns();
    const long long yield_from = idle_from + WORKER_YIELD_AFTER_NS, deadline = idle_from + WORKER_SPIN_NS;
    uint64_t word;
    for (int i = 1;; i++) {
      word = atomic_load(&p->claim);
      if ((generation_of(word) != last && next_of(word) != CLOSED) || atomic_load(&p->stop)) break;
      CPU_RELAX();
      if ((i & 63) == 0 && now_ns() > yield_from) sched_yield();
      if ((i & 1023) == 0 && now_ns() > deadline) {
        // Counted asleep before re-reading the word under the lock: the poster stores the word and
        // then reads the count, so one of the two sees the other.
        pthread_mutex_lock(&p->lock);
        atomic_fetch_add(&p->sleeping, 1);
        for (;;) {
          word = atomic_load(&p->claim);
          if ((generation_of(word) != last && next_of(word) != CLOSED) || atomic_load(&p->stop)) break;
          pthread_cond_wait(&p->wake, &p->lock);
        }
        atomic_fetch_sub(&p->sleeping, 1);
        pthread_mutex_unlock(&p->lock);
        break;
      }
    }
    if (atomic_load(&p->stop)) return NULL;
    last = generation_of(word);
    run_chunks(p, last, index);
  }
}

pool* pool_create(int threads) {
  pool* p = calloc(1, sizeof(pool));
  if (!p) return NULL;
  p->threads = threads;
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->wake, NULL);
  p->workers = calloc((size_t)(threads > 1 ? threads - 1 : 1), sizeof(pthread_t));
  if (!p->workers) {
    free(p);
    return NULL;
  }
  for (int i = 1; i < threads; i++) {
    worker_arg* arg = malloc(sizeof(worker_arg));
    if (arg) {
      arg->p = p;
      arg->index = i;
    }
    if (!arg || pthread_create(&p->workers[i - 1], NULL, worker_main, arg) != 0) {
      free(arg);
      p->threads = i;  // the workers started so far are joined by pool_destroy
      pool_destroy(p);
      return NULL;
    }
  }
  return p;
}

static void wake_sleepers(pool* p) {
  if (atomic_load(&p->sleeping) == 0) return;
  pthread_mutex_lock(&p->lock);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
}

void pool_run(pool* p, chunk_fn fn, const void* task, int chunks) {
  p->generation = p->generation + 1 == 0 ? 1 : p->generation + 1;  // 0 means "nothing posted yet"
  const uint64_t gen = (uint64_t)p->generation << 32;
  atomic_store(&p->claim, gen | CLOSED);
  atomic_store_explicit(&p->fn, fn, memory_order_relaxed);
  atomic_store_explicit(&p->task, task, memory_order_relaxed);
  atomic_store_explicit(&p->chunks, chunks, memory_order_relaxed);
  atomic_store(&p->completed, 0);
  atomic_store(&p->claim, gen);
  wake_sleepers(p);
  run_chunks(p, p->generation, 0);
  // Every claimed chunk must be finished before the caller reads the results.
  if (atomic_load(&p->completed) == chunks) return;
  const long long deadline = now_ns() + CALLER_SPIN_NS;
  for (int i = 1; atomic_load(&p->completed) != chunks; i++) {
    CPU_RELAX();
    if ((i & 1023) == 0 && now_ns() > deadline) sched_yield();
  }
}

void pool_destroy(pool* p) {
  if (!p) return;
  atomic_store(&p->stop, 1);
  pthread_mutex_lock(&p->lock);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
  for (int i = 1; i < p->threads; i++) pthread_join(p->workers[i - 1], NULL);
  pthread_mutex_destroy(&p->lock);
  pthread_cond_destroy(&p->wake);
  free(p->workers);
  free(p);
}
