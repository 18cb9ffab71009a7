"""Gradescope: ``grade package EX --gradescope`` builds an ``autograder.zip`` that grades in the sandbox."""
