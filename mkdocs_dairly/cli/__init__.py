"""The command-line tools: import, new, check."""
