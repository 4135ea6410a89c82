// Node-API wrappers of the native kernels (ops_table.h): each takes the arguments of the
// WebAssembly kernel of the same name (src/engine/kernelExports.ts), checks that every pointer's
// extent lies in the engine's memory, and runs the kernel of the context's instruction set.
//
// On a context with threads, a kernel over a large array is cut into one contiguous range per
// thread (elements, whole rows, or whole members of an ensemble), as addon.c cuts a product into
// one part per thread: both cores then share the kernel's memory traffic, and a thread often works
// on data it wrote itself in the product before instead of pulling all of it from the other core's
// cache. Every range starts at a multiple of the vector width, and the kernels compute a tail in a
// zero-padded vector with the body's arithmetic, so any cut gives the same bits as none.
#include <node_api.h>
#include <stddef.h>
#include <stdlib.h>

#include "napi_call.h"
#include "ops_table.h"

/** A pointer argument that may be 0 for "none" (the WebAssembly kernels' convention). */
static float* optional(call* c, size_t i, double floats) {
  return num(c, i) == 0 ? NULL : fptr(c, i, floats);
}

/** Elements per vector of ops_impl.h: ranges start at multiples of it. */
#define RANGE_ALIGN 16

/** Computes items start..end of a kernel call (elements, rows or columns, as the call defines). */
typedef void (*range_fn)(const isa_ops* ops, const void* args, int start, int end);

typedef struct {
  const isa_ops* ops;
  range_fn fn;
  const void* args;
  int items, part;
} range_task;

static void range_chunk(const void* arg, int chunk, int thread) {
  (void)thread;
  const range_task* t = arg;
  const int start = chunk * t->part;
  const int end = start + t->part < t->items ? start + t->part : t->items;
  if (start < end) t->fn(t->ops, t->args, start, end);
}

/**
 * Runs fn over items 0..items-1: on the calling thread alone when the call touches fewer than
 * SPLIT_MIN_FLOATS floats (`floats`), else as one range per thread, each a multiple of `align` items.
 */
static void run_ranges(call* c, range_fn fn, const void* args, int items, int align, double floats) {
  const context* ctx = c->ctx;
  if (c->bad) return;
  if (!ctx->pool || floats < SPLIT_MIN_FLOATS || items < 2 * align) {
    fn(ctx->ops, args, 0, items);
    return;
  }
  const int share = (items + ctx->threads - 1) / ctx->threads;
  range_task t = {.ops = ctx->ops, .fn = fn, .args = args, .items = items, .part = (share + align - 1) / align * align};
  pool_run(ctx->pool, range_chunk, &t, (items + t.part - 1) / t.part);
}

#define WRAP(js_name, argc, ...)                                     \
  static napi_value js_name(napi_env env, napi_callback_info info) { \
    call c;                                                          \
    if (!begin(env, info, &c, argc)) return NULL;                    \
    __VA_ARGS__                                                      \
    return finish(&c);                                               \
  }

#define UNPARENTHESIZED(...) __VA_ARGS__
/**
 * Declares the struct name##_args of the parenthesized `fields` and the range function
 * name##_range, whose body computes items s..e of a call from `a`.
 */
#define RANGE(name, fields, ...)                                                \
  typedef struct {                                                              \
    UNPARENTHESIZED fields                                                      \
  } name##_args;                                                                \
  static void name##_range(const isa_ops* ops, const void* arg, int s, int e) { \
    const name##_args* a = arg;                                                 \
    __VA_ARGS__;                                                                \
  }

RANGE(unary_forward, (int op; float *x, *out;), ops->unary_forward(a->op, a->x + s, a->out + s, e - s))
WRAP(js_unary_forward, 4, {
  const int n = i32(&c, 3);
  const unary_forward_args a = {i32(&c, 0), fptr(&c, 1, n), fptr(&c, 2, n)};
  run_ranges(&c, unary_forward_range, &a, n, RANGE_ALIGN, 2.0 * n);
})

RANGE(unary_backward, (int op; float *x, *y, *g, *dx;),
      ops->unary_backward(a->op, a->x + s, a->y + s, a->g + s, a->dx + s, e - s))
WRAP(js_unary_backward, 6, {
  const int n = i32(&c, 5);
  const unary_backward_args a = {i32(&c, 0), fptr(&c, 1, n), fptr(&c, 2, n), fptr(&c, 3, n), fptr(&c, 4, n)};
  run_ranges(&c, unary_backward_range, &a, n, RANGE_ALIGN, 5.0 * n);
})

RANGE(activation_grad, (int op; float *x, *y, *g;),
      ops->activation_grad_in_place(a->op, a->x + s, a->y + s, a->g + s, e - s))
WRAP(js_activation_grad_in_place, 5, {
  const int n = i32(&c, 4);
  const activation_grad_args a = {i32(&c, 0), fptr(&c, 1, n), fptr(&c, 2, n), fptr(&c, 3, n)};
  run_ranges(&c, activation_grad_range, &a, n, RANGE_ALIGN, 4.0 * n);
})

/* Row kernels are cut into whole rows, in multiples of the GEMM's row tile (as addon.c cuts products). */
RANGE(bias_act, (int op; float *x, *bias, *out; int n;),
      ops->bias_act_forward(a->op, a->x + (size_t)s * a->n, a->bias, a->out + (size_t)s * a->n, e - s, a->n))
WRAP(js_bias_act_forward, 6, {
  const int rows = i32(&c, 4), n = i32(&c, 5);
  const double size = (double)rows * n;
  const bias_act_args a = {i32(&c, 0), fptr(&c, 1, size), fptr(&c, 2, n), fptr(&c, 3, size), n};
  run_ranges(&c, bias_act_range, &a, rows, c.ctx->isa->mr, 2.0 * size);
})

RANGE(affine, (float *x, *out, mul, add;), ops->affine(a->x + s, a->out + s, e - s, a->mul, a->add))
WRAP(js_affine, 5, {
  const int n = i32(&c, 2);
  const affine_args a = {fptr(&c, 0, n), fptr(&c, 1, n), f32(&c, 3), f32(&c, 4)};
  run_ranges(&c, affine_range, &a, n, RANGE_ALIGN, 2.0 * n);
})

RANGE(axpy, (float *x, *dst, mul;), ops->axpy(a->x + s, a->dst + s, e - s, a->mul))
WRAP(js_axpy, 4, {
  const int n = i32(&c, 2);
  const axpy_args a = {fptr(&c, 0, n), fptr(&c, 1, n), f32(&c, 3)};
  run_ranges(&c, axpy_range, &a, n, RANGE_ALIGN, 3.0 * n);
})

/*
 * Sums over the middle axis of [outer, n, inner]: cut by the outer index when there are several (an
 * ensemble's members, split as addon.c splits its products), else by output columns.
 */
RANGE(sum_outer, (float *x, *out; int n, inner; float scale; int accumulate;),
      ops->sum_axis(a->x + (size_t)s * a->n * a->inner, e - s, a->n, a->inner, a->out + (size_t)s * a->inner, a->scale,
                    a->accumulate, 0, a->inner))
RANGE(sum_columns, (float *x, *out; int outer, n, inner; float scale; int accumulate;),
      ops->sum_axis(a->x, a->outer, a->n, a->inner, a->out, a->scale, a->accumulate, s, e))
WRAP(js_sum_axis, 7, {
  const int outer = i32(&c, 1), n = i32(&c, 2), inner = i32(&c, 3), accumulate = i32(&c, 6);
  const double size = (double)outer * n * inner;
  float *x = fptr(&c, 0, size), *out = fptr(&c, 4, (double)outer * inner);
  const float scale = f32(&c, 5);
  if (inner == 1 || outer >= c.ctx->threads) {
    const sum_outer_args a = {x, out, n, inner, scale, accumulate};
    run_ranges(&c, sum_outer_range, &a, outer, inner == 1 ? RANGE_ALIGN : 1, size);
  } else {
    const sum_columns_args a = {x, out, outer, n, inner, scale, accumulate};
    run_ranges(&c, sum_columns_range, &a, inner, RANGE_ALIGN, size);
  }
})

RANGE(adam, (float *p, *g, *m, *v, lr, beta1, beta2, eps, wd; int decoupled; float bc1, bc2;),
      ops->adam_step(a->p + s, a->g + s, a->m + s, a->v + s, e - s, a->lr, a->beta1, a->beta2, a->eps, a->wd,
                     a->decoupled, a->bc1, a->bc2))
WRAP(js_adam_step, 13, {
  const int n = i32(&c, 4);
  const adam_args a = {fptr(&c, 0, n), fptr(&c, 1, n), fptr(&c, 2, n), fptr(&c, 3, n),
                       f32(&c, 5),     f32(&c, 6),     f32(&c, 7),     f32(&c, 8),
                       f32(&c, 9),     i32(&c, 10),    f32(&c, 11),    f32(&c, 12)};
  run_ranges(&c, adam_range, &a, n, RANGE_ALIGN, 7.0 * n);
})

RANGE(lerp, (float *dst, *src, w;), ops->lerp_into(a->dst + s, a->src + s, e - s, a->w))
WRAP(js_lerp_into, 4, {
  const int n = i32(&c, 2);
  const lerp_args a = {fptr(&c, 0, n), fptr(&c, 1, n), f32(&c, 3)};
  run_ranges(&c, lerp_range, &a, n, RANGE_ALIGN, 3.0 * n);
})

RANGE(fill, (float* x; float value;), ops->fill(a->x + s, e - s, a->value))
WRAP(js_fill, 3, {
  const int n = i32(&c, 1);
  const fill_args a = {fptr(&c, 0, n), f32(&c, 2)};
  run_ranges(&c, fill_range, &a, n, RANGE_ALIGN, n);
})

RANGE(layer_norm_forward, (float *x, *gamma, *beta, *y, *mean, *rstd; int n; float eps;),
      ops->layer_norm_forward(a->x + (size_t)s * a->n, a->gamma, a->beta, a->y + (size_t)s * a->n, a->mean + s,
                              a->rstd + s, e - s, a->n, a->eps))
WRAP(js_layer_norm_forward, 9, {
  const int rows = i32(&c, 6), n = i32(&c, 7);
  const double size = (double)rows * n;
  const layer_norm_forward_args a = {fptr(&c, 0, size), optional(&c, 1, n), optional(&c, 2, n), fptr(&c, 3, size),
                                     fptr(&c, 4, rows), fptr(&c, 5, rows),  n,                  f32(&c, 8)};
  if (a.gamma && !a.beta) c.bad = 2;
  run_ranges(&c, layer_norm_forward_range, &a, rows, c.ctx->isa->mr, 2.0 * size);
})

/* dgamma and dbeta sum over the rows in order: with them the call stays whole (the same bits). */
RANGE(layer_norm_backward, (float *x, *gamma, *g, *mean, *rstd; int n; float *dx, *dgamma, *dbeta;),
      ops->layer_norm_backward(a->x + (size_t)s * a->n, a->gamma, a->g + (size_t)s * a->n, a->mean + s, a->rstd + s,
                               e - s, a->n, a->dx ? a->dx + (size_t)s * a->n : NULL, a->dgamma, a->dbeta))
WRAP(js_layer_norm_backward, 10, {
  const int rows = i32(&c, 5), n = i32(&c, 6);
  const double size = (double)rows * n;
  const layer_norm_backward_args a = {fptr(&c, 0, size),     optional(&c, 1, n), fptr(&c, 2, size),
                                      fptr(&c, 3, rows),     fptr(&c, 4, rows),  n,
                                      optional(&c, 7, size), optional(&c, 8, n), optional(&c, 9, n)};
  if (a.dgamma && !a.dbeta) c.bad = 2;
  run_ranges(&c, layer_norm_backward_range, &a, rows, c.ctx->isa->mr, a.dgamma ? 0 : 3.0 * size);
})

/*
 * Broadcasting binary ops (assembly/binary.ts's binary): out[i0, i1, i2, i3] (+)= a op b over a
 * contiguous out of d0 x d1 x d2 x d3, with element strides for a and b (the last one 0 or 1). Cut
 * into whole rows of d3 elements, or, for a single row, into ranges of it.
 */
typedef struct {
  int op, accumulate, d1, d2, d3;
  const float *a, *b;
  int sa[4], sb[4];
  float* out;
} binary_args;

static void binary_rows_range(const isa_ops* ops, const void* arg, int s, int e) {
  const binary_args* t = arg;
  for (int r = s; r < e; r++) {
    const int i2 = r % t->d2, i1 = (r / t->d2) % t->d1, i0 = r / t->d2 / t->d1;
    const float* a = t->a + (ptrdiff_t)i0 * t->sa[0] + (ptrdiff_t)i1 * t->sa[1] + (ptrdiff_t)i2 * t->sa[2];
    const float* b = t->b + (ptrdiff_t)i0 * t->sb[0] + (ptrdiff_t)i1 * t->sb[1] + (ptrdiff_t)i2 * t->sb[2];
    ops->binary_row(t->op, t->accumulate, t->d3, a, t->sa[3], b, t->sb[3], t->out + (size_t)r * t->d3);
  }
}

static void binary_elements_range(const isa_ops* ops, const void* arg, int s, int e) {
  const binary_args* t = arg;
  ops->binary_row(t->op, t->accumulate, e - s, t->a + (size_t)s * t->sa[3], t->sa[3], t->b + (size_t)s * t->sb[3],
                  t->sb[3], t->out + s);
}

/** Floats an operand of the given strides spans in d0 x d1 x d2 x d3 (its last element + 1). */
static double strided_extent(const int d[4], const int s[4]) {
  double last = 0;
  for (int i = 0; i < 4; i++) last += (double)(d[i] - 1) * s[i];
  return last + 1;
}

WRAP(js_binary, 17, {
  binary_args t = {.op = i32(&c, 0), .accumulate = i32(&c, 1)};
  const int d[4] = {i32(&c, 2), i32(&c, 3), i32(&c, 4), i32(&c, 5)};
  for (int i = 0; i < 4; i++) {
    t.sa[i] = i32(&c, 7 + i);
    t.sb[i] = i32(&c, 12 + i);
  }
  t.d1 = d[1];
  t.d2 = d[2];
  t.d3 = d[3];
  const double size = (double)d[0] * d[1] * d[2] * d[3];
  int ok = t.op >= 0 && t.op <= 3 && (t.sa[3] == 0 || t.sa[3] == 1) && (t.sb[3] == 0 || t.sb[3] == 1);
  for (int i = 0; i < 4; i++) ok = ok && d[i] >= 0 && t.sa[i] >= 0 && t.sb[i] >= 0;
  if (!c.bad && !ok) c.bad = 1;
  if (c.bad || size == 0) return finish(&c);
  t.a = fptr(&c, 6, strided_extent(d, t.sa));
  t.b = fptr(&c, 11, strided_extent(d, t.sb));
  t.out = fptr(&c, 16, size);
  if (size > 2147483647.0) c.bad = 1;
  const int rows = d[0] * d[1] * d[2];
  if (rows == 1)
    run_ranges(&c, binary_elements_range, &t, d[3], RANGE_ALIGN, 3.0 * size);
  else
    run_ranges(&c, binary_rows_range, &t, rows, 1, 3.0 * size);
})

/* ---- seeded Gaussian draws (Rng.fillGaussian of src/engine/rng.ts) ---- */

/** A Float64Array argument's elements and length, or NULL (and c->bad) when it is not one. */
static double* float64s(call* c, size_t i, size_t* length) {
  napi_typedarray_type type;
  void* data = NULL;
  if (napi_get_typedarray_info(c->env, c->argv[i], &type, length, &data, NULL, NULL) != napi_ok ||
      type != napi_float64_array) {
    c->bad = 3;
    return NULL;
  }
  return data;
}

/** xoshiro128** as Rng.nextUint32. */
static inline uint32_t next_uint32(uint32_t s[4]) {
  const uint32_t x = s[1] * 5;
  const uint32_t result = ((x << 7) | (x >> 25)) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 11) | (s[3] >> 21);
  return result;
}

/** Rng.uniform: 53 random bits in [0, 1). */
static inline double uniform53(uint32_t s[4]) {
  const double hi = next_uint32(s) >> 5;
  const double lo = next_uint32(s) >> 6;
  return (hi * 67108864.0 + lo) / 9007199254740992.0;
}

RANGE(gaussian, (double *u, *v;), ops->gaussian_pairs(a->u + s, a->v + s, e - s))

/**
 * gaussianFill(out: Float64Array, state: Float64Array [s0, s1, s2, s3, hasSpare, spare], mean, std):
 * what Rng.fillGaussian(out, mean, std) does on a generator in that state, which it leaves as the
 * generator would be after (same uniforms drawn, same spare). The uniforms are drawn in order on the
 * calling thread; Box-Muller runs in vectors, split into ranges of pairs over the threads (the same
 * bits on any number). Its log, sin and cos (vmath_f64.h) agree with JavaScript's to about an ulp.
 */
WRAP(js_gaussian_fill, 4, {
  size_t n = 0, state_length = 0;
  double* out = float64s(&c, 0, &n);
  double* state = float64s(&c, 1, &state_length);
  const double mean = num(&c, 2), std = num(&c, 3);
  if (!c.bad && state_length != 6) c.bad = 3;
  if (!c.bad && n > 0x7ffffff0) c.bad = 1;
  if (c.bad) return finish(&c);
  uint32_t st[4];
  for (int i = 0; i < 4; i++) st[i] = (uint32_t)(int64_t)state[i];
  size_t first = 0;
  if (state[4] != 0 && n > 0) {
    out[0] = mean + std * state[5];
    state[4] = 0;
    first = 1;
  }
  const int pairs = (int)((n - first + 1) / 2);
  if (pairs > 0) {
    double* uv = malloc((size_t)pairs * 2 * sizeof(double));
    if (!uv) return fail(env, "The native Gaussian fill could not allocate its buffer.");
    double *u = uv, *v = uv + pairs;
    for (int p = 0; p < pairs; p++) {
      double x = 0;
      while (x == 0) x = uniform53(st);
      u[p] = x;
      v[p] = uniform53(st);
    }
    const gaussian_args a = {u, v};
    run_ranges(&c, gaussian_range, &a, pairs, RANGE_ALIGN, 8.0 * pairs);
    for (int p = 0; p < pairs; p++) {
      const size_t i = first + 2 * (size_t)p;
      out[i] = mean + std * u[p];
      if (i + 1 < n)
        out[i + 1] = mean + std * v[p];
      else {
        state[4] = 1;
        state[5] = v[p];
      }
    }
    free(uv);
  }
  for (int i = 0; i < 4; i++) state[i] = (double)(int32_t)st[i];
})

WRAP(js_sum_squares, 2, {
  const int n = i32(&c, 1);
  const float* x = fptr(&c, 0, n);
  if (c.bad) return finish(&c);
  return number(env, c.ctx->ops->sum_squares(x, n));
})

void register_ops(napi_env env, napi_value obj, void* ctx) {
  static const struct {
    const char* name;
    napi_callback cb;
  } table[] = {
      {"unaryForward", js_unary_forward},
      {"unaryBackward", js_unary_backward},
      {"activationGradInPlace", js_activation_grad_in_place},
      {"biasActForward", js_bias_act_forward},
      {"affine", js_affine},
      {"axpy", js_axpy},
      {"sumAxis", js_sum_axis},
      {"adamStep", js_adam_step},
      {"lerpInto", js_lerp_into},
      {"fill", js_fill},
      {"layerNormForward", js_layer_norm_forward},
      {"layerNormBackward", js_layer_norm_backward},
      {"binary", js_binary},
      {"gaussianFill", js_gaussian_fill},
      {"sumSquares", js_sum_squares},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    napi_value fn;
    napi_create_function(env, table[i].name, NAPI_AUTO_LENGTH, table[i].cb, ctx, &fn);
    napi_set_named_property(env, obj, table[i].name, fn);
  }
}
