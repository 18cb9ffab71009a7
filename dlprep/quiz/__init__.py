"""`quiz`: spaced-repetition drills on the question banks (FSRS scheduling, SQLite progress)."""
