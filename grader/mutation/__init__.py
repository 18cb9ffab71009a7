"""Mutation testing of the hidden tests: mutants of each model solution, graded like submissions."""
