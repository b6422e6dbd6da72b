"""lean_export: a Lean 4 + Mathlib Lake project rendered from the ``proofs`` statement objects."""
