// First byte the JavaScript allocator may use: everything below holds the module's static data.
export function heapBase(): usize {
  return __heap_base;
}
