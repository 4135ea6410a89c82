// What every GEMM build does before it multiplies (isa.h's contract): the column range clamped to
// the product, nothing for an empty one, and C = beta * C when the reduction is empty.
#ifndef ATRADIFF_GEMM_EDGES_H
#define ATRADIFF_GEMM_EDGES_H
#include <stddef.h>

/**
 * Clamps [*n0, *n1) to the product's n columns; returns 0 when no product is left to compute: no
 * rows or columns, or k <= 0 (then C[:, n0:n1] = beta * C, and beta == 0 writes zeros without
 * reading C).
 */
static inline int gemm_has_products(int m, int n, int k, float beta, float* c, int ldc, int* n0, int* n1) {
  if (*n1 > n) *n1 = n;
  if (*n0 < 0) *n0 = 0;
  if (m <= 0 || *n1 <= *n0) return 0;
  if (k > 0) return 1;
  for (int i = 0; i < m; i++) {
    float* row = c + (size_t)i * ldc;
    for (int j = *n0; j < *n1; j++) row[j] = beta == 0.0f ? 0.0f : beta * row[j];
  }
  return 0;
}
#endif
