// The native kernels of ops_impl.h for CPUs with AVX2 and FMA (compiled with -mavx2 -mfma).
#define OPS_NAME ops_avx2
#include "ops_impl.h"
