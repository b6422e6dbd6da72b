"""Lean proof scripts, one module per registered theorem, named after the theorem's id.

:func:`lean_export.proof.script_for` imports ``lean_export.scripts.<theorem id>`` and takes its
``SCRIPT``; a theorem exported to Lean without such a module fails the export, naming it.
"""
