// What every native kernel wrapper shares: the engine context its functions are bound to, and the
// reading and checking of their arguments (numbers; byte offsets that must lie in the memory).
#ifndef ATRADIFF_NAPI_CALL_H
#define ATRADIFF_NAPI_CALL_H
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>

#include "isa.h"
#include "ops.h"
#include "pool.h"

/**
 * Kernels touching fewer floats than this run on the calling thread alone: handing a range to the
 * other thread costs about as much as computing it.
 */
#define SPLIT_MIN_FLOATS (1 << 14)

typedef struct {
  uint8_t* base;
  size_t size;
  napi_ref memory;
  const isa_kernels* isa;
  /** The bf16 GEMM, or NULL when the CPU lacks AVX512_BF16 or AVX2 was asked for. */
  const isa_kernels* bf16;
  const isa_ops* ops;
  int threads;
  pool* pool;
  float** scratch;
} context;

/* ---- errors and arguments ---- */

#define MAX_ARGS 20

static inline napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

typedef struct {
  napi_env env;
  napi_value argv[MAX_ARGS];
  size_t argc;
  context* ctx;
  int bad;
} call;

static inline int begin(napi_env env, napi_callback_info info, call* c, size_t expected) {
  c->env = env;
  c->argc = MAX_ARGS;
  c->bad = 0;
  void* data = NULL;
  if (napi_get_cb_info(env, info, &c->argc, c->argv, NULL, &data) != napi_ok) return 0;
  c->ctx = data;
  if (c->argc < expected) {
    char msg[120];
    snprintf(msg, sizeof msg, "A native kernel expected %zu arguments, got %zu.", expected, c->argc);
    fail(env, msg);
    return 0;
  }
  return 1;
}

static inline double num(call* c, size_t i) {
  double v = 0;
  if (napi_get_value_double(c->env, c->argv[i], &v) != napi_ok) c->bad = 1;
  return v;
}
/** A 32-bit integer argument; a fraction, NaN or a value out of int range is a bad argument (casting it would be undefined). */
static inline int i32(call* c, size_t i) {
  const double v = num(c, i);
  if (!(v >= -2147483648.0 && v <= 2147483647.0) || v != (double)(int)v) {
    c->bad = 1;
    return 0;
  }
  return (int)v;
}
static inline float f32(call* c, size_t i) { return (float)num(c, i); }

/** The address of byte offset `offset` if `bytes` bytes from there lie in the memory, else NULL. */
static inline void* at(call* c, double offset, double bytes) {
  if (!(offset >= 0) || !(bytes >= 0) || offset + bytes > (double)c->ctx->size) {
    c->bad = 2;
    return NULL;
  }
  return c->ctx->base + (size_t)offset;
}
static inline float* fptr(call* c, size_t i, double floats) { return at(c, num(c, i), 4 * floats); }

static inline napi_value finish(call* c) {
  if (c->bad == 1) return fail(c->env, "A native kernel was given an argument that is not a number, or not a 32-bit integer where one is expected.");
  if (c->bad == 2) return fail(c->env, "A native kernel was given a pointer out of bounds of the engine's memory.");
  if (c->bad == 3) return fail(c->env, "A native kernel was given something other than the Float64Array it expects.");
  return NULL;
}

static inline napi_value number(napi_env env, double v) {
  napi_value out;
  napi_create_double(env, v, &out);
  return out;
}

#endif
