/** git as nodes use it; main/adapters/git implements it. Grown by the git layer. */
export interface GitApi {
  /** The commit checked out in `path`, or undefined when it is not a repository. */
  head(path: string): Promise<string | undefined>;
}
