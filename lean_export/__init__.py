"""lean_export: a Lean 4 + Mathlib Lake project rendered from the ``proofs`` theorem registry.

``printer`` renders expressions, ``statements`` turns registry equations into Lean statements,
``scripts/<theorem id>.py`` prove them (``proof`` finds them by id), ``declarations`` walks the
registry, ``lint`` and ``manifest`` check the text, and ``project`` writes the Lake project.
"""
