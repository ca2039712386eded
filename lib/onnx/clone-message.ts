/**
 * Shallow copy of a decoded protobuf message that keeps its prototype (field defaults) and its
 * non-enumerable `$unknowns` (fields the schema does not declare), so re-encoding loses nothing.
 */
export function cloneMessage<T extends object>(message: T): T {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(message)), message) as T;
  const unknowns = (message as { $unknowns?: unknown }).$unknowns;
  if (unknowns !== undefined) {
    Object.defineProperty(copy, '$unknowns', { value: unknowns, writable: true, enumerable: false, configurable: true });
  }
  return copy;
}
