// Node-API wrappers of the native kernels (ops_table.h): each takes the arguments of the
// WebAssembly kernel of the same name (src/engine/kernelExports.ts), checks that every pointer's
// extent lies in the engine's memory, and runs the kernel of the context's instruction set.
#include <node_api.h>

#include "napi_call.h"
#include "ops_table.h"

/** A pointer argument that may be 0 for "none" (the WebAssembly kernels' convention). */
static float* optional(call* c, size_t i, double floats) {
  return num(c, i) == 0 ? NULL : fptr(c, i, floats);
}

#define WRAP(js_name, argc, ...)                                     \
  static napi_value js_name(napi_env env, napi_callback_info info) { \
    call c;                                                          \
    if (!begin(env, info, &c, argc)) return NULL;                    \
    const isa_ops* ops = c.ctx->ops;                                 \
    __VA_ARGS__                                                      \
    return finish(&c);                                               \
  }
#define RUN(call_expr) \
  if (!c.bad) ops->call_expr;

WRAP(js_unary_forward, 4, {
  const int op = i32(&c, 0), n = i32(&c, 3);
  float *x = fptr(&c, 1, n), *out = fptr(&c, 2, n);
  RUN(unary_forward(op, x, out, n))
})

WRAP(js_unary_backward, 6, {
  const int op = i32(&c, 0), n = i32(&c, 5);
  float *x = fptr(&c, 1, n), *y = fptr(&c, 2, n), *g = fptr(&c, 3, n), *dx = fptr(&c, 4, n);
  RUN(unary_backward(op, x, y, g, dx, n))
})

WRAP(js_activation_grad_in_place, 5, {
  const int op = i32(&c, 0), n = i32(&c, 4);
  float *x = fptr(&c, 1, n), *y = fptr(&c, 2, n), *g = fptr(&c, 3, n);
  RUN(activation_grad_in_place(op, x, y, g, n))
})

WRAP(js_bias_act_forward, 6, {
  const int op = i32(&c, 0), rows = i32(&c, 4), n = i32(&c, 5);
  const double size = (double)rows * n;
  float *x = fptr(&c, 1, size), *bias = fptr(&c, 2, n), *out = fptr(&c, 3, size);
  RUN(bias_act_forward(op, x, bias, out, rows, n))
})

WRAP(js_affine, 5, {
  const int n = i32(&c, 2);
  float *x = fptr(&c, 0, n), *out = fptr(&c, 1, n);
  RUN(affine(x, out, n, f32(&c, 3), f32(&c, 4)))
})

WRAP(js_axpy, 4, {
  const int n = i32(&c, 2);
  float *x = fptr(&c, 0, n), *dst = fptr(&c, 1, n);
  RUN(axpy(x, dst, n, f32(&c, 3)))
})

WRAP(js_sum_axis, 7, {
  const int outer = i32(&c, 1), n = i32(&c, 2), inner = i32(&c, 3);
  float *x = fptr(&c, 0, (double)outer * n * inner), *out = fptr(&c, 4, (double)outer * inner);
  RUN(sum_axis(x, outer, n, inner, out, f32(&c, 5), i32(&c, 6)))
})

WRAP(js_adam_step, 13, {
  const int n = i32(&c, 4);
  float *p = fptr(&c, 0, n), *g = fptr(&c, 1, n), *m = fptr(&c, 2, n), *v = fptr(&c, 3, n);
  RUN(adam_step(p, g, m, v, n, f32(&c, 5), f32(&c, 6), f32(&c, 7), f32(&c, 8), f32(&c, 9), i32(&c, 10),
                f32(&c, 11), f32(&c, 12)))
})

WRAP(js_lerp_into, 4, {
  const int n = i32(&c, 2);
  float *dst = fptr(&c, 0, n), *src = fptr(&c, 1, n);
  RUN(lerp_into(dst, src, n, f32(&c, 3)))
})

WRAP(js_fill, 3, {
  const int n = i32(&c, 1);
  float* x = fptr(&c, 0, n);
  RUN(fill(x, n, f32(&c, 2)))
})

WRAP(js_layer_norm_forward, 9, {
  const int rows = i32(&c, 6), n = i32(&c, 7);
  const double size = (double)rows * n;
  float *x = fptr(&c, 0, size), *gamma = optional(&c, 1, n), *beta = optional(&c, 2, n), *y = fptr(&c, 3, size);
  float *mean = fptr(&c, 4, rows), *rstd = fptr(&c, 5, rows);
  if (gamma && !beta) c.bad = 2;
  RUN(layer_norm_forward(x, gamma, beta, y, mean, rstd, rows, n, f32(&c, 8)))
})

WRAP(js_layer_norm_backward, 10, {
  const int rows = i32(&c, 5), n = i32(&c, 6);
  const double size = (double)rows * n;
  float *x = fptr(&c, 0, size), *gamma = optional(&c, 1, n), *g = fptr(&c, 2, size);
  float *mean = fptr(&c, 3, rows), *rstd = fptr(&c, 4, rows);
  float *dx = optional(&c, 7, size), *dgamma = optional(&c, 8, n), *dbeta = optional(&c, 9, n);
  if (dgamma && !dbeta) c.bad = 2;
  RUN(layer_norm_backward(x, gamma, g, mean, rstd, rows, n, dx, dgamma, dbeta))
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
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    napi_value fn;
    napi_create_function(env, table[i].name, NAPI_AUTO_LENGTH, table[i].cb, ctx, &fn);
    napi_set_named_property(env, obj, table[i].name, fn);
  }
}
