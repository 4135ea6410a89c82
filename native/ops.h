// The elementwise, row and optimizer kernels of the native backend (ops_impl.h, compiled once per
// instruction set as ops_avx512.c and ops_avx2.c), and their Node-API wrappers (ops_napi.c).
#ifndef ATRADIFF_OPS_H
#define ATRADIFF_OPS_H
#include <node_api.h>
#include <stddef.h>

typedef struct isa_ops isa_ops;
extern const isa_ops ops_avx512;
extern const isa_ops ops_avx2;

/** Adds the wrapped kernels to `obj` as functions bound to `ctx` (a context of napi_call.h). */
void register_ops(napi_env env, napi_value obj, void* ctx);
#endif
