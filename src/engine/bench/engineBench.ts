// `atradiff bench engine`: work in progress (issue 2).
export async function runEngineBench(_opts: { json: boolean }): Promise<void> {
  throw new Error("bench engine is not implemented yet");
}
