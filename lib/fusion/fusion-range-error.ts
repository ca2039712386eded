/** Ranges that cannot be fused; `problems` holds one message per problem found. */
export class FusionRangeError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.length === 1 ? problems[0] : `cannot fuse these ranges:\n- ${problems.join('\n- ')}`);
    this.name = 'FusionRangeError';
    this.problems = problems;
  }
}
