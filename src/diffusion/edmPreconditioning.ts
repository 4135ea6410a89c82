// EDM's preconditioning of the denoiser (Karras et al. 2022, Table 1 and eq. 7):
//   D(x; sigma) = c_skip(sigma) x + c_out(sigma) F(c_in(sigma) x; c_noise(sigma))
// and the loss weight lambda(sigma) = 1 / c_out(sigma)^2 that makes every noise level count alike.

export function cSkip(sigma: number, sigmaData: number): number {
  return (sigmaData * sigmaData) / (sigma * sigma + sigmaData * sigmaData);
}

export function cOut(sigma: number, sigmaData: number): number {
  return (sigma * sigmaData) / Math.sqrt(sigma * sigma + sigmaData * sigmaData);
}

export function cIn(sigma: number, sigmaData: number): number {
  return 1 / Math.sqrt(sigma * sigma + sigmaData * sigmaData);
}

/** The noise level the network sees: ln(sigma) / 4. */
export function cNoise(sigma: number): number {
  return Math.log(sigma) / 4;
}

/** lambda(sigma) = (sigma^2 + sigma_data^2) / (sigma sigma_data)^2. */
export function lossWeight(sigma: number, sigmaData: number): number {
  return (sigma * sigma + sigmaData * sigmaData) / (sigma * sigmaData) ** 2;
}
