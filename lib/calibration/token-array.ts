/** Token ids read from a file, with the shape they were stored in. */
export interface TokenArray {
  ids: BigInt64Array;
  /** [n] for a flat list, [rows, columns] for a 2-D array (flattened in row order). */
  shape: number[];
}
