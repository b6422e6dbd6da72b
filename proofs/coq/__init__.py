"""The Coq export: statements rendered from the registry, fixed proof text, and the kernel check."""
