"""Command-line front ends: thin typer layers over the core functions."""
