"""The student kit (`grade release`): exercises, public tests, a `check` script, and no hidden material."""
