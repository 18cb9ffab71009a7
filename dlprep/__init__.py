"""dlprep: question banks, flashcard drills and exam sheets for deep-learning courses."""
