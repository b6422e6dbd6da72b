"""proofs: the theorem as data, its SymPy derivation, and every rendering of it.

Depends on ``hadamard`` (never the reverse, except the CLI's lazy imports).
"""
