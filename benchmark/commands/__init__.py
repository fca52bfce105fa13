"""The implementations of the CLI's commands, one module per group; `benchmark.cli` parses
the arguments and dispatches here."""
