/** A range proposed from the matrix, with the reason shown beside it. */
export interface SuggestedRange {
  range: [number, number];
  reason: string;
}
