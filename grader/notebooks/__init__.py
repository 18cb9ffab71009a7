"""Notebook submissions (``.ipynb``): read with nbformat, graded as the module their code cells make."""
