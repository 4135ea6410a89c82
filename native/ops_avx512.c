// The native kernels of ops_impl.h for CPUs with AVX-512 (compiled with -mavx512f and friends).
#define OPS_NAME ops_avx512
#include "ops_impl.h"
