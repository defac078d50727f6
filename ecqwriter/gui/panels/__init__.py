"""The side panels: the package navigator, the checks and the comments."""
