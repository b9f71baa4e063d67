"""Running crawls: the `newsasia` command, the parent that runs the outlets one by one, the
per-outlet child process, live progress, the summary and the exit codes."""
