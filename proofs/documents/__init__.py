"""Documents for readers: the derivation in Markdown and LaTeX, and how to cite it."""
