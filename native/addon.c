// The native engine backend as a Node-API addon. It computes on the engine's own memory (the
// WebAssembly.Memory that holds every tensor): JavaScript hands over a view of that memory once
// (again after it grows), then calls kernels with byte offsets, exactly as it calls the
// WebAssembly kernels (src/engine/kernelExports.ts). Tensors, autodiff and every kernel not
// implemented here stay in JavaScript and WebAssembly.
//
// The instruction set is chosen at load time from the CPU: AVX-512F, else AVX2 with FMA; without
// either, createContext reports why and the engine stays on WebAssembly.
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"
#include "napi_call.h"
#include "ops.h"
#include "pool.h"

/** Products below this many FLOPs run on the calling thread alone (as src/engine/threadPool.ts). */
#define PARALLEL_MIN_FLOPS (1 << 19)

/* ---- memory ---- */

static int set_memory(napi_env env, context* ctx, napi_value view) {
  napi_typedarray_type type;
  size_t length, offset;
  void* data;
  napi_value buffer;
  if (napi_get_typedarray_info(env, view, &type, &length, &data, &buffer, &offset) != napi_ok ||
      type != napi_uint8_array || offset != 0)
    return 0;
  if (ctx->memory) napi_delete_reference(env, ctx->memory);
  napi_create_reference(env, view, 1, &ctx->memory);
  ctx->base = data;
  ctx->size = length;
  return 1;
}

static napi_value js_set_memory(napi_env env, napi_callback_info info) {
  call c;
  if (!begin(env, info, &c, 1)) return NULL;
  if (!set_memory(env, c.ctx, c.argv[0]))
    return fail(env, "setMemory expects a Uint8Array over the whole engine memory.");
  return NULL;
}

/* ---- GEMM ---- */

/** Bytes a row-major matrix of `rows` x `cols` with leading dimension `ld` spans. */
static double matrix_bytes(int rows, int cols, int ld) {
  return rows <= 0 || cols <= 0 ? 0 : 4.0 * ((double)(rows - 1) * ld + cols);
}

typedef struct {
  const isa_kernels* isa;
  float** scratch;
  int trans_a, trans_b, m, n, k, lda, ldb, ldc;
  float alpha, beta;
  float *a, *b, *c;
  size_t stride_a, stride_b, stride_c;  // floats between batch members
  int batch, parts, part_size, split_rows, group;
} gemm_task;

/** One chunk: a range of output columns or rows of one batch member, or a group of whole members. */
static void gemm_chunk(const void* arg, int chunk, int thread) {
  const gemm_task* t = arg;
  const int g = chunk / t->parts;
  const int start = (chunk - g * t->parts) * t->part_size;
  const int length = t->split_rows ? t->m : t->n;
  const int end = start + t->part_size < length ? start + t->part_size : length;
  const int last = (g + 1) * t->group < t->batch ? (g + 1) * t->group : t->batch;
  for (int member = g * t->group; member < last; member++) {
    const float* a = t->a + member * t->stride_a;
    const float* b = t->b + member * t->stride_b;
    float* c = t->c + member * t->stride_c;
    if (t->split_rows) {
      // Rows start..end of C need rows start..end of op(A): rows of A, or columns of a transposed A.
      const float* rows = a + (t->trans_a ? (size_t)start : (size_t)start * t->lda);
      t->isa->gemm(t->trans_a, t->trans_b, end - start, t->n, t->k, t->alpha, rows, t->lda, b, t->ldb, t->beta,
                   c + (size_t)start * t->ldc, t->ldc, 0, t->n, t->scratch[thread]);
    } else
      t->isa->gemm(t->trans_a, t->trans_b, t->m, t->n, t->k, t->alpha, a, t->lda, b, t->ldb, t->beta, c, t->ldc,
                   start, end, t->scratch[thread]);
  }
}

/**
 * Cuts a product into one equal part per thread (more parts only re-pack the shared operand, and
 * on this VM a part computed on the other core costs a cache transfer in the ops after it):
 * whole batch members when they divide evenly (or are many), so that each thread mostly keeps the
 * same members from one product of a training step to the next (the caller claims first), else
 * the output columns or rows of each member. Returns the number of chunks.
 */
static int plan(gemm_task* t, int threads) {
  if (t->batch % threads == 0 || t->batch >= 4 * threads) {
    t->group = (t->batch + threads - 1) / threads;
    t->parts = 1;
    t->part_size = t->m > t->n ? t->m : t->n;
    t->split_rows = 0;
    return (t->batch + t->group - 1) / t->group;
  }
  t->split_rows = t->m > t->n;
  const int length = t->split_rows ? t->m : t->n;
  const int tile = t->split_rows ? t->isa->mr : t->isa->nr;
  const int share = (length + threads - 1) / threads;
  t->part_size = (share + tile - 1) / tile * tile;
  t->parts = (length + t->part_size - 1) / t->part_size;
  t->group = 1;
  return t->batch * t->parts;
}

/**
 * gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, batch, strideA, strideB,
 * strideC): C = alpha op(A) op(B) + beta C for `batch` members whose pointers advance by the
 * strides (floats), split over the pool's threads; by the bf16 kernel (ctx->bf16) when `bf16`.
 */
static napi_value run_gemm(napi_env env, napi_callback_info info, int bf16) {
  call c;
  if (!begin(env, info, &c, 17)) return NULL;
  context* ctx = c.ctx;
  gemm_task t = {.isa = bf16 ? ctx->bf16 : ctx->isa, .scratch = ctx->scratch};
  t.trans_a = i32(&c, 0) != 0;
  t.trans_b = i32(&c, 1) != 0;
  t.m = i32(&c, 2);
  t.n = i32(&c, 3);
  t.k = i32(&c, 4);
  t.alpha = f32(&c, 5);
  t.lda = i32(&c, 7);
  t.ldb = i32(&c, 9);
  t.beta = f32(&c, 10);
  t.ldc = i32(&c, 12);
  t.batch = i32(&c, 13);
  const double sa = num(&c, 14), sb = num(&c, 15), sc = num(&c, 16);
  if (c.bad) return finish(&c);
  if (t.m < 0 || t.n < 0 || t.k < 0 || t.batch < 0 || sa < 0 || sb < 0 || sc < 0)
    return fail(env, "A matrix product needs non-negative sizes and strides.");
  if (t.m == 0 || t.n == 0 || t.batch == 0) return NULL;
  // Row-major operands: a leading dimension shorter than its row would make the kernels address
  // memory before an operand (or let two threads write the same C elements), so it is refused.
  // With k = 0 nothing of A or B is read.
  const int min_lda = t.trans_a ? t.m : t.k, min_ldb = t.trans_b ? t.k : t.n;
  if ((t.k > 0 && (t.lda < min_lda || t.ldb < min_ldb)) || t.ldc < t.n)
    return fail(env, "A matrix product needs each leading dimension to be at least its matrix's row length.");
  if (t.batch > 1 && sc < (double)(t.m - 1) * t.ldc + t.n)
    return fail(env, "A batched matrix product needs the members of C not to overlap (strideC too small).");
  t.stride_a = (size_t)sa;
  t.stride_b = (size_t)sb;
  t.stride_c = (size_t)sc;
  const double extra = 4.0 * (t.batch - 1);
  t.a = at(&c, num(&c, 6), matrix_bytes(t.trans_a ? t.k : t.m, t.trans_a ? t.m : t.k, t.lda) + extra * sa);
  t.b = at(&c, num(&c, 8), matrix_bytes(t.trans_b ? t.n : t.k, t.trans_b ? t.k : t.n, t.ldb) + extra * sb);
  t.c = at(&c, num(&c, 11), matrix_bytes(t.m, t.n, t.ldc) + extra * sc);
  if (c.bad) return finish(&c);
  const double flops = 2.0 * t.m * t.n * t.k * t.batch;
  if (!ctx->pool || flops < PARALLEL_MIN_FLOPS) {
    t.parts = 1;
    t.part_size = t.n;
    t.split_rows = 0;
    t.group = t.batch;
    gemm_chunk(&t, 0, 0);
    return NULL;
  }
  const int chunks = plan(&t, ctx->threads);
  pool_run(ctx->pool, gemm_chunk, &t, chunks);
  return NULL;
}

static napi_value js_gemm(napi_env env, napi_callback_info info) { return run_gemm(env, info, 0); }

/** gemm with op(A) and op(B) rounded to bf16 and fp32 sums (gemm_bf16.c); present only with ctx->bf16. */
static napi_value js_gemm_bf16(napi_env env, napi_callback_info info) { return run_gemm(env, info, 1); }

/* ---- lifetime ---- */

static void cleanup_hook(void* arg) {
  context* ctx = arg;
  pool_destroy(ctx->pool);
  for (int i = 0; i < ctx->threads; i++) free(ctx->scratch[i]);
  free(ctx->scratch);
  free(ctx);
}

/** Stops the worker threads; the kernels keep working on the calling thread (as the WebAssembly pool). */
static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  void* data = NULL;
  napi_get_cb_info(env, info, &argc, NULL, NULL, &data);
  context* ctx = data;
  pool_destroy(ctx->pool);
  ctx->pool = NULL;
  return NULL;
}

/* ---- module ---- */

static const isa_kernels* choose_isa(const char* wanted, const isa_ops** ops) {
  __builtin_cpu_init();
  // The AVX-512 units are compiled with -mavx512dq -mavx512vl too: all three are required.
  const int avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                     __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma");
  const int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (avx512 && (!wanted[0] || strcmp(wanted, "avx512") == 0)) {
    *ops = &ops_avx512;
    return &isa_avx512;
  }
  if (avx2 && (!wanted[0] || strcmp(wanted, "avx2") == 0)) {
    *ops = &ops_avx2;
    return &isa_avx2;
  }
  return NULL;
}

static void add_function(napi_env env, napi_value obj, const char* name, napi_callback cb, context* ctx) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, ctx, &fn);
  napi_set_named_property(env, obj, name, fn);
}

/**
 * createContext(memory: Uint8Array, threads: number, isa: "" | "avx512" | "avx2"): the kernels of
 * one engine, bound to its memory and its own pool of threads.
 */
static napi_value js_create_context(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  double threads_d = 0;
  char wanted[16] = "";
  size_t len;
  if (argc < 3 || napi_get_value_double(env, argv[1], &threads_d) != napi_ok || threads_d < 1 ||
      threads_d > 256 || napi_get_value_string_utf8(env, argv[2], wanted, sizeof wanted, &len) != napi_ok)
    return fail(env, "createContext expects (memory: Uint8Array, threads: 1..256, isa: string).");
  const isa_ops* ops = NULL;
  const isa_kernels* isa = choose_isa(wanted, &ops);
  if (!isa) {
    char msg[160];
    snprintf(msg, sizeof msg, "This CPU lacks %s, which the native kernels need.",
             wanted[0] ? wanted : "AVX2 with FMA");
    return fail(env, msg);
  }
  context* ctx = calloc(1, sizeof(context));
  ctx->isa = isa;
  ctx->ops = ops;
  ctx->threads = (int)threads_d;
  // Forcing AVX2 (for comparisons) leaves bf16 off too: that engine stands for a CPU without it.
  ctx->bf16 = isa == &isa_avx512 && bf16_gemm_supported() ? &isa_avx512_bf16 : NULL;
  if (!set_memory(env, ctx, argv[0])) {
    free(ctx);
    return fail(env, "createContext expects a Uint8Array over the whole engine memory.");
  }
  ctx->scratch = calloc((size_t)ctx->threads, sizeof(float*));
  for (int i = 0; i < ctx->threads; i++) {
    const size_t floats = ctx->bf16 && ctx->bf16->scratch_floats > isa->scratch_floats ? ctx->bf16->scratch_floats
                                                                                        : isa->scratch_floats;
    const size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    ctx->scratch[i] = aligned_alloc(64, bytes);
    if (!ctx->scratch[i]) {
      cleanup_hook(ctx);
      return fail(env, "The native engine backend could not allocate its packing buffers.");
    }
  }
  if (ctx->threads > 1 && !(ctx->pool = pool_create(ctx->threads))) {
    cleanup_hook(ctx);
    return fail(env, "The native engine backend could not start its threads.");
  }
  napi_add_env_cleanup_hook(env, cleanup_hook, ctx);
  napi_value obj;
  napi_create_object(env, &obj);
  napi_value isa_name;
  napi_create_string_utf8(env, isa->name, NAPI_AUTO_LENGTH, &isa_name);
  napi_set_named_property(env, obj, "isa", isa_name);
  napi_set_named_property(env, obj, "parallelMinFlops", number(env, PARALLEL_MIN_FLOPS));
  napi_set_named_property(env, obj, "splitMinFloats", number(env, SPLIT_MIN_FLOATS));
  add_function(env, obj, "setMemory", js_set_memory, ctx);
  add_function(env, obj, "close", js_close, ctx);
  add_function(env, obj, "gemm", js_gemm, ctx);
  if (ctx->bf16) add_function(env, obj, "gemmBf16", js_gemm_bf16, ctx);
  register_ops(env, obj, ctx);
  return obj;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "createContext", NAPI_AUTO_LENGTH, js_create_context, NULL, &fn);
  napi_set_named_property(env, exports, "createContext", fn);
  return exports;
}
