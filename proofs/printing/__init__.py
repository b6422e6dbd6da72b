"""Printing expressions for people: LaTeX, Unicode and the plain syntax check-formula reads."""
