// LayerNorm over the last axis, with optional affine parameters (shape [n], or [E, n] for an
// ensemble input [E, rows, n]: one LayerNorm per member, as in RLPD's critics).
import { engine } from "../engineInstance.js";
import { fmtShape, gradOf, recordOp, Tensor } from "../tensor.js";

export function layerNorm(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps = 1e-5): Tensor {
  const n = x.shape[x.shape.length - 1];
  const rows = x.size / n;
  const members = gamma && gamma.shape.length === 2 ? gamma.shape[0] : 1;
  if (
    (gamma === null) !== (beta === null) ||
    (gamma && (gamma.size !== members * n || beta!.size !== gamma.size)) ||
    (members > 1 && (x.shape.length !== 3 || x.shape[0] !== members))
  )
    throw new Error(
      `layerNorm: input ${fmtShape(x.shape)} does not fit gamma ${gamma ? fmtShape(gamma.shape) : "none"} and beta ${beta ? fmtShape(beta.shape) : "none"}.`,
    );
  const out = Tensor.empty(x.shape);
  const meanT = Tensor.empty([rows]);
  const rstdT = Tensor.empty([rows]);
  const k = engine().kernels;
  const rowsPer = rows / members;
  const off = (t: Tensor | null, e: number, per: number) => (t ? t.ptr + e * per * 4 : 0);
  for (let e = 0; e < members; e++)
    k.layerNormForward(
      off(x, e, rowsPer * n),
      off(gamma, e, n),
      off(beta, e, n),
      off(out, e, rowsPer * n),
      off(meanT, e, rowsPer),
      off(rstdT, e, rowsPer),
      rowsPer,
      n,
      eps,
    );
  const inputs = gamma ? [x, gamma, beta!] : [x];
  recordOp(out, "layerNorm", inputs, (g) => {
    const dx = x.requiresGrad ? gradOf(x) : null;
    const dg = gamma?.requiresGrad ? gradOf(gamma) : null;
    const db = dg ? gradOf(beta!) : null;
    for (let e = 0; e < members; e++)
      k.layerNormBackward(
        off(x, e, rowsPer * n),
        off(gamma, e, n),
        off(g, e, rowsPer * n),
        off(meanT, e, rowsPer),
        off(rstdT, e, rowsPer),
        rowsPer,
        n,
        off(dx, e, rowsPer * n),
        off(dg, e, n),
        off(db, e, n),
      );
  });
  return out;
}
