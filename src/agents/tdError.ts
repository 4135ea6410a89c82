// The per-transition TD error |Q(s, a) - y| that online adaptation ranks samples by. With an
// ensemble of critics it is the mean over the members of each member's absolute error (the mean,
// not the min, so that every critic's disagreement with the target counts).

/** Per transition i: mean over members k of |q[k, i] - y[i]| (q laid out [members, B]). */
export function meanAbsoluteError(q: Float32Array, y: Float32Array, members: number): Float32Array {
  const n = y.length;
  if (q.length !== members * n)
    throw new Error(`meanAbsoluteError: ${q.length} critic values do not make ${members} members of ${n}.`);
  const out = new Float32Array(n);
  for (let k = 0; k < members; k++) for (let i = 0; i < n; i++) out[i] += Math.abs(q[k * n + i] - y[i]);
  for (let i = 0; i < n; i++) out[i] /= members;
  return out;
}
