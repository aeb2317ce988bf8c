/** Where a command writes. The CLI binary passes the process streams; tests capture strings. */
export type Io = {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is an interactive terminal (progress bars are drawn only then). */
  isTTY: boolean;
  /** Directory relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** `--force` was given: files the run writes may replace existing ones. */
  force: boolean;
};

export type CliCommand = {
  name: string;
  /** Full help text: usage, options, an example. */
  help: string;
  run(args: string[], io: Io): Promise<number>;
};
