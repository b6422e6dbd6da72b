"""Documents for readers: the derivation (Markdown, LaTeX, PDF) and how to cite it."""
